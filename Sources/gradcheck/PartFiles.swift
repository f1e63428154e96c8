import Foundation
import Reporting

/// The shard summaries `gradcheck merge` reads: named as arguments, found in a
/// directory (`--parts-dir`), or listed in a file (`--list`), in that order.
///
/// A directory gives every non-hidden regular `*.json` file in it, sorted by
/// name with numbers compared as numbers (`part-2` before `part-10`); hidden
/// files (an interrupted write's `.part-3.json.tmp-…`) are skipped. A list file
/// gives one path per line (LF or CRLF); blank lines are skipped, and a relative
/// path is relative to the working directory, as on the command line.
enum PartFiles {
    static func gather(arguments: [String], directory: String?, list: String?) throws(InputError) -> [String] {
        for argument in arguments { try requireNotDirectory(argument) }
        var parts = arguments
        if let directory { parts += try inDirectory(directory) }
        if let list {
            let listed = try TextFile.read(list, kind: "part list")
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // A directory in the list was "cannot read DIR: no such file or not readable".
            for part in listed { try requireNotDirectory(part) }
            parts += listed
        }
        guard !parts.isEmpty else {
            if let directory { throw InputError("--parts-dir \(directory) holds no *.json file") }
            if let list { throw InputError("--list \(list) names no file") }
            throw InputError("give the shard summaries to merge (as arguments, --parts-dir DIR or --list FILE)")
        }
        return parts
    }

    /// Refuses a directory given as a part, pointing at `--parts-dir` (it used to
    /// be "cannot read DIR: no such file or not readable").
    static func requireNotDirectory(_ part: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: part, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        throw InputError("cannot read \(part): it is a directory; to merge every *.json file in it, give --parts-dir \(part)")
    }

    static func inDirectory(_ directory: String) throws(InputError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw InputError("--parts-dir \(directory): no such directory")
        }
        guard isDirectory.boolValue else { throw InputError("--parts-dir \(directory) is not a directory") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw InputError("--parts-dir \(directory): cannot list it")
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return names.filter { !$0.hasPrefix(".") && $0.hasSuffix(".json") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { prefix + $0 }
            .filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }
}
