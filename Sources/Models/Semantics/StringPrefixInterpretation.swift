/// Which string values start with which prefix literal of a spec (`key starts with "post/"`).
///
/// The models and the encoding represent strings as integers (see `Value`): literal i is
/// `CheckedSpec.literalCode(i)`, any other integer some other string. A literal starts with the
/// prefixes of its text. Any other integer n stands for a string whose longest prefix literal is
/// `prefixes[c - 1]`, where c = n mod (prefixes.count + 1) (Euclidean), or a string starting with no
/// prefix literal when c = 0. The prefix literals a string starts with are all prefixes of the
/// longest one, so c determines every prefix test, including the relations between prefixes
/// (`"post/a"` implies `"post/"`, `"a/"` excludes `"b/"`). Each class holds infinitely many
/// integers and infinitely many real strings, so executions over integers and over strings
/// correspond one to one: the interpretation is exact, not an over-approximation.
/// Prefixes compare UTF-8 bytes, as the enforcer does on the wire.
public struct StringPrefixInterpretation: Sendable {
    public let literals: [String]
    /// The distinct non-empty prefix literals of the spec.
    public let prefixes: [String]

    public init(literals: [String], prefixes: [String]) {
        self.literals = literals
        self.prefixes = prefixes
    }

    /// The number of classes of non-literal strings: one per prefix literal, and "no prefix".
    public var modulus: Int { prefixes.count + 1 }

    /// The text of a literal's code, nil for any other integer.
    public func literal(_ code: Int) -> String? {
        let index = CheckedSpec.literalCode(0) - code
        return index >= 0 && index < literals.count ? literals[index] : nil
    }

    /// Whether the string `code` stands for starts with `prefix`.
    public func holds(_ prefix: String, for code: Int) -> Bool {
        if let text = literal(code) { return Self.starts(text, with: prefix) }
        return classes(startingWith: prefix).contains(Self.euclideanModulo(code, modulus))
    }

    /// The classes (residues modulo `modulus`) of non-literal strings that start with `prefix`.
    public func classes(startingWith prefix: String) -> [Int] {
        prefixes.indices.filter { Self.starts(prefixes[$0], with: prefix) }.map { $0 + 1 }
    }

    /// The longest prefix literal a non-literal string starts with, nil if none.
    public func longestPrefix(of code: Int) -> String? {
        let residue = Self.euclideanModulo(code, modulus)
        return residue == 0 ? nil : prefixes[residue - 1]
    }

    /// Indices of the literals whose text starts with `prefix`.
    public func literalIndices(startingWith prefix: String) -> [Int] {
        literals.indices.filter { Self.starts(literals[$0], with: prefix) }
    }

    static func starts(_ text: String, with prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    /// n mod m in 0..<m, as SMT-LIB's `mod` for a positive m.
    static func euclideanModulo(_ n: Int, _ m: Int) -> Int {
        let r = n % m
        return r < 0 ? r + m : r
    }
}
