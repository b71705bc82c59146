// KeyDecoding: turning what wget_wch returns (a character or a KEY_* code) into a TerminalUI Key.

import CNcurses
import TerminalUI

enum KeyDecoding {
    /// A key from `wget_wch`: `isFunctionKey` when it returned KEY_CODE_YES. Nil for keys the app
    /// has no use for (mouse, unknown function keys). KEY_RESIZE is handled by the terminal.
    static func key(code: UInt32, isFunctionKey: Bool) -> Key? {
        isFunctionKey ? functionKey(Int32(bitPattern: code)) : characterKey(code)
    }

    private static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 3: return .ctrlC
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        case 0..<32: return nil
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        let named: [Int32: Key] = [
            fmnist_key_btab(): .backTab, fmnist_key_up(): .up, fmnist_key_down(): .down,
            fmnist_key_left(): .left, fmnist_key_right(): .right, fmnist_key_home(): .home,
            fmnist_key_end(): .end, fmnist_key_ppage(): .pageUp, fmnist_key_npage(): .pageDown,
            fmnist_key_backspace(): .backspace, fmnist_key_dc(): .delete, fmnist_key_enter(): .enter,
        ]
        if let key = named[code] { return key }
        let functionNumber = code - fmnist_key_f(0)
        return (1...12).contains(functionNumber) ? .function(Int(functionNumber)) : nil
    }
}
