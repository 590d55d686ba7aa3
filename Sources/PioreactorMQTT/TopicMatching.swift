/// Returns whether `topic` is selected by the subscription `filter`, following MQTT rules:
/// `+` matches exactly one level, a trailing `#` matches the parent level and everything below it,
/// and topics starting with `$` are never matched by a filter that starts with a wildcard.
public func topicMatches(filter: String, topic: String) -> Bool {
    if topic.hasPrefix("$"), filter.hasPrefix("+") || filter.hasPrefix("#") {
        return false
    }
    let filterLevels = filter.split(separator: "/", omittingEmptySubsequences: false)
    let topicLevels = topic.split(separator: "/", omittingEmptySubsequences: false)
    for (index, level) in filterLevels.enumerated() {
        if level == "#" {
            // Only valid as the last level; then it swallows the rest (including nothing).
            return index == filterLevels.count - 1
        }
        guard index < topicLevels.count else { return false }
        if level != "+" && level != topicLevels[index] {
            return false
        }
    }
    return filterLevels.count == topicLevels.count
}
