// NewRunFormPane: the new-run form (`n`, #12) in a box centred over the body: a row per field, the focused
// one highlighted, where the defaults came from, why a value cannot start a run, and the form's keys.
import TerminalUI

extension PaneID {
    static let newRunForm = PaneID("new-run-form")
}

struct NewRunFormPane: Pane {
    var id: PaneID { .newRunForm }

    /// Label column, then the value.
    static let labelWidth = 15

    func render(into buffer: inout CellBuffer, in rect: Rect, context: PaneContext) {
        guard let form = context.state.newRunForm else { return }
        let (theme, glyphs, unicode) = (context.theme, context.glyphs, context.capabilities.unicode)
        let keys = KeyTable.dashboard.hintLine(for: .overlay(.newRunForm), unicode: unicode)
        // Six fields, a blank line, the source and problem lines, a blank line, the keys; a border around.
        let size = Size(width: min(rect.width, max(60, keys.count + 4)), height: min(rect.height, NewRunForm.Field.allCases.count + 7))
        let box = rect.centered(size)
        let inside = context.drawFrame(of: id, title: "New run", clearsInterior: true, into: &buffer, in: box)
            .inset(left: 1, right: 1)
        guard !inside.isEmpty else { return }
        for field in NewRunForm.Field.allCases {
            let y = inside.y + field.rawValue
            guard y < inside.maxY else { break }
            let isFocused = field == form.focus
            let labelStyle = form.problem?.field == field ? theme.wrong : (isFocused ? theme.accent : theme.muted)
            buffer.write(field.label, at: Point(x: inside.x, y: y), style: labelStyle, clip: inside)
            var value = form.text(of: field)
            if field == .model || field == .recipe {
                value = unicode ? "◂ \(value) ▸" : "< \(value) >"
            } else if isFocused, !form.replacesOnType {
                value += "_"
            }
            let valueRect = Rect(x: inside.x + Self.labelWidth, y: y, width: max(0, inside.maxX - inside.x - Self.labelWidth), height: 1)
            buffer.write(" \(value) ", at: valueRect.origin, style: isFocused ? theme.selection : theme.text, clip: valueRect)
        }
        let notes = Rect(x: inside.x, y: inside.y + NewRunForm.Field.allCases.count + 1, width: inside.width, height: 2)
            .intersection(inside)
        if !notes.isEmpty {
            let source = form.sourceRunID.map { "defaults from \($0)" } ?? "defaults of the \(form.recipe.rawValue) recipe"
            buffer.write(source.truncated(toWidth: notes.width, ellipsis: glyphs.ellipsis), at: notes.origin, style: theme.muted, clip: notes)
            if let problem = form.problem {
                buffer.write(problem.message.truncated(toWidth: notes.width, ellipsis: glyphs.ellipsis),
                             at: Point(x: notes.x, y: notes.y + 1), style: theme.wrong, clip: notes)
            }
        }
        if inside.height >= NewRunForm.Field.allCases.count + 5 {
            buffer.write(keys.truncated(toWidth: inside.width, ellipsis: glyphs.ellipsis), at: Point(x: inside.x, y: inside.maxY - 1),
                         style: theme.muted, clip: inside)
        }
    }
}
