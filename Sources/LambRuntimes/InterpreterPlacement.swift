import Foundation
import LambCore

/// Where an interpreter appears inside an environment, and what of the host a sandbox must show for it.
///
/// Lambda's images install the language under `/var/lang` (`/var/lang/bin/python3.12`, `/var/lang/bin/node`).
/// A sandbox with a file system of its own (``RuntimeLayout/languageRoot``) shows the host's interpreter there, so
/// that neither `sys.executable`, `sys.prefix` nor `process.execPath` give away the host's layout (a pyenv or nvm
/// installation in a home directory):
/// - an installation prefix of its own (`~/.pyenv/versions/3.11.7`, `/opt/py312`) is bound at `/var/lang` as a
///   whole: Python finds its standard library relative to its executable, so `sys.prefix` is `/var/lang`;
/// - an interpreter of the system (`/usr/bin/python3.11`, `/usr/bin/node`) is bound alone at `/var/lang/bin/<name>`:
///   its prefix, `/usr`, is in every environment already, and a Python there still finds its library through the
///   prefix it was built with (`sys.prefix` stays `/usr`). A bind, not a symlink, so that `/proc/self/exe` (what
///   `process.execPath` reads) names `/var/lang/bin/...` too.
/// Without a language root (the plain-process driver) the interpreter runs at its host path.
struct InterpreterPlacement: Equatable {
    /// The path the runtime starts the interpreter at.
    var executable: String
    /// Host paths shown at their own paths (the prefix, without a language root).
    var hostPaths: [String] = []
    /// Host paths shown elsewhere.
    var binds: [HostBind] = []
    /// A directory of shared libraries the interpreter links against by an absolute path that is gone inside
    /// (pyenv builds `libpython3.X.so` with a run path into the host's prefix): the runtime needs it on
    /// `LD_LIBRARY_PATH`.
    var libraryDirectory: String?

    /// `interpreter` (a resolved host path) as a runtime in `layout` starts it, named `name` under the language
    /// root's `bin` when only the executable is bound.
    static func place(
        _ interpreter: String, as name: String, layout: RuntimeLayout,
        hasSharedLibraries: (String) -> Bool = InterpreterPlacement.holdsSharedLibraries
    ) -> InterpreterPlacement {
        let prefix = RuntimeCatalog.prefix(of: interpreter)
        guard let root = layout.languageRoot else {
            return InterpreterPlacement(executable: interpreter, hostPaths: [prefix])
        }
        if HostSystemDirectories.contain(prefix) {
            let inside = "\(root)/bin/\(name)"
            return InterpreterPlacement(executable: inside, binds: [HostBind(host: interpreter, inside: inside)])
        }
        let relative = interpreter.dropFirst(prefix.count)  // "/bin/python3.11"
        return InterpreterPlacement(
            executable: root + relative, binds: [HostBind(host: prefix, inside: root)],
            libraryDirectory: hasSharedLibraries("\(prefix)/lib") ? "\(root)/lib" : nil)
    }

    /// Whether `directory` holds shared libraries (`libpython3.11.so.1.0`) directly.
    static func holdsSharedLibraries(_ directory: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.contains { $0.hasPrefix("lib") && ($0.hasSuffix(".so") || $0.contains(".so.")) }
    }
}

extension RuntimeLaunch {
    init(
        executable: String, arguments: [String], environment: [String: String], runtimeVersion: String,
        placement: InterpreterPlacement
    ) {
        self.init(
            executable: executable, arguments: arguments, environment: environment, runtimeVersion: runtimeVersion,
            hostPaths: placement.hostPaths, binds: placement.binds, libraryDirectory: placement.libraryDirectory)
    }
}
