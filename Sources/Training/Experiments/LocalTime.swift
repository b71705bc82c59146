// Dates as the local clock shows them, for run listings.
import Foundation

public enum LocalTime {
    /// "2025-03-14 09:26"
    public static func minutes(_ date: Date) -> String { format(date, "yyyy-MM-dd HH:mm") }
    /// "2025-03-14 09:26:53"
    public static func seconds(_ date: Date) -> String { format(date, "yyyy-MM-dd HH:mm:ss") }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
