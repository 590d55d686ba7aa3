import Foundation
import Yams

/// A decode failure with msgspec-style wording; the API returns `message` to clients.
public struct SchemaDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parses YAML text into `PyYAMLValue`s following PyYAML SafeLoader's typing rules.
/// Yams (libyaml) does the syntax; implicit typing is ours, since Yams follows different rules.
enum PyYAMLLoader {
    /// Marks plain scalars Yams would otherwise resolve itself (it resolves mapping keys while
    /// checking for duplicates), so we can still tell them apart from explicitly tagged ones.
    private static let implicitMarker = Tag.Name(rawValue: "tag:pioreactor.local,2025:implicit")
    private static let markingResolver: Resolver = {
        // swiftlint:disable:next force_try
        try! Resolver.basic.appending(implicitMarker, "^[\\s\\S]*$")
    }()

    static func load(_ text: String) throws(SchemaDecodeError) -> PyYAMLValue {
        let root: Node?
        do {
            let parser = try Parser(yaml: text, resolver: markingResolver)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw SchemaDecodeError(describe(error))
        } catch {
            throw SchemaDecodeError("\(error)")
        }
        guard let root else { return .null }
        return try construct(root)
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text)\n" } ?? ""
            return "\(prefix)\(problem)\n  line \(mark.line), column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "found duplicate key(s) \(duplicates.joined(separator: ", ")) in mapping"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
        }
    }

    private static func construct(_ node: Node) throws(SchemaDecodeError) -> PyYAMLValue {
        switch node {
        case .scalar(let scalar): return try constructScalar(scalar)
        case .alias: throw SchemaDecodeError("found unresolved alias")
        case .sequence(let sequence):
            let tag = sequence.tag.rawValue
            guard tag.isEmpty || tag == Tag.Name.seq.rawValue || tag == "!" else { throw unknownTag(tag) }
            var values: [PyYAMLValue] = []
            for child in sequence { values.append(try construct(child)) }
            return .sequence(values)
        case .mapping(let mapping):
            let tag = mapping.tag.rawValue
            guard tag.isEmpty || tag == Tag.Name.map.rawValue || tag == "!" else { throw unknownTag(tag) }
            return .mapping(try constructPairs(mapping))
        }
    }

    /// Builds a mapping as a Python dict: merge keys (`<<`) first, later duplicates overwrite
    /// the value but keep the first position.
    private static func constructPairs(_ mapping: Node.Mapping) throws(SchemaDecodeError) -> [PyYAMLPair] {
        var merged: [PyYAMLPair] = []
        var own: [PyYAMLPair] = []
        for (keyNode, valueNode) in mapping {
            if isMergeKey(keyNode) {
                switch valueNode {
                case .mapping(let source):
                    merged.append(contentsOf: try constructPairs(source))
                case .sequence(let sources):
                    var groups: [[PyYAMLPair]] = []
                    for source in sources {
                        guard case .mapping(let sourceMapping) = source else {
                            throw SchemaDecodeError("expected a mapping for merging, but found \(kindName(source))")
                        }
                        groups.append(try constructPairs(sourceMapping))
                    }
                    for group in groups.reversed() { merged.append(contentsOf: group) }
                default:
                    throw SchemaDecodeError("expected a mapping or list of mappings for merging, but found \(kindName(valueNode))")
                }
                continue
            }
            let key = try construct(keyNode)
            if case .sequence = key { throw SchemaDecodeError("found unhashable key") }
            if case .mapping = key { throw SchemaDecodeError("found unhashable key") }
            own.append(PyYAMLPair(key: key, value: try construct(valueNode)))
        }
        // A repeated key keeps its first position and takes the last value (Python dict), found
        // by hash so a mapping with many keys stays linear.
        var result: [PyYAMLPair] = []
        var positions: [PyYAMLValue.KeyIdentity: Int] = [:]
        for pair in merged + own {
            guard let identity = pair.key.keyIdentity else {
                result.append(pair)
                continue
            }
            if let index = positions[identity] {
                result[index].value = pair.value
            } else {
                positions[identity] = result.count
                result.append(pair)
            }
        }
        return result
    }

    private static func isMergeKey(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.merge.rawValue { return true }
        return isImplicit(tag) && scalar.style == .plain && scalar.string == "<<"
    }

    private static func isImplicit(_ tag: String) -> Bool {
        tag.isEmpty || tag == implicitMarker.rawValue
    }

    private static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "a scalar node"
        case .sequence: return "a sequence node"
        case .mapping: return "a mapping node"
        case .alias: return "an alias node"
        }
    }

    private static func unknownTag(_ tag: String) -> SchemaDecodeError {
        SchemaDecodeError("could not determine a constructor for the tag '\(tag)'")
    }

    private static func constructScalar(_ scalar: Node.Scalar) throws(SchemaDecodeError) -> PyYAMLValue {
        let text = scalar.string
        var tag = scalar.tag.rawValue
        if isImplicit(tag) {
            guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
            switch PyYAMLScalars.resolvePlain(text) {
            case .bool: tag = Tag.Name.bool.rawValue
            case .float: tag = Tag.Name.float.rawValue
            case .int: tag = Tag.Name.int.rawValue
            case .null: tag = Tag.Name.null.rawValue
            case .timestamp: tag = Tag.Name.timestamp.rawValue
            case .merge: throw unknownTag(Tag.Name.merge.rawValue)
            case .value: throw unknownTag(Tag.Name.value.rawValue)
            case .str: return .string(text)
            }
        }
        switch tag {
        case "!", Tag.Name.str.rawValue: return .string(text)
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return try PyYAMLScalars.constructBool(text)
        case Tag.Name.int.rawValue: return try PyYAMLScalars.constructInt(text)
        case Tag.Name.float.rawValue: return try PyYAMLScalars.constructFloat(text)
        case Tag.Name.timestamp.rawValue: return try PyYAMLScalars.constructTimestamp(text)
        case Tag.Name.binary.rawValue:
            let compact = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else { throw SchemaDecodeError("failed to decode base64 data") }
            return .bytes(data)
        default:
            throw unknownTag(tag)
        }
    }
}
