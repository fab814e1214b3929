import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#endif

/// Container image functions: the environment's root is the image's unpacked root file system.
extension LinuxSandbox {
    /// The jail's options for an image root: the image, read-only, and the host's DNS configuration over the image's
    /// (as a container runtime does; the image's own `/etc/resolv.conf` rarely names a reachable server).
    static func imageMounts(_ spec: LaunchSpec, image: String) -> [String] {
        var arguments = ["--image-root", image]
        if access("/etc/resolv.conf", R_OK) == 0 { arguments += ["--bind", "/etc/resolv.conf:/etc/resolv.conf"] }
        // The jail starts the image's extensions itself: a scratch image has no shell for Lamb's launcher script.
        if let token = spec.extensionToken, !spec.imageExtensions.isEmpty {
            arguments += ["--extension-token", token]
            for path in spec.imageExtensions { arguments += ["--extension", path] }
        }
        return arguments
    }

    /// The executable files in the image's `/opt/extensions` (found inside the image's root), as inside paths.
    public static func imageExtensions(in image: String) -> [String] {
        let rooted = RootedPath(root: image)
        guard let directory = rooted.resolveFollowing(["opt", "extensions"]),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return [] }
        return names.sorted().compactMap { name in
            let inside = "/opt/extensions/" + name
            guard let found = rooted.command(inside, workingDirectory: "/", searchPath: nil) else { return nil }
            var info = stat()
            return stat(found.host, &info) == 0 && info.st_mode & 0o111 != 0 ? inside : nil
        }
    }

    /// Finds the entry point inside the image before anything is set up (inside, a failed exec would only be an
    /// exit status): a name without a slash is searched in the image's `PATH`, a relative path from the working
    /// directory. The spec's executable becomes the path the jail execs; a missing working directory or entry point
    /// is Lambda's `Runtime.InvalidWorkingDir` / `Runtime.InvalidEntrypoint`.
    ///
    /// Run by root, the runtime's uid owns nothing in the image: it may only execute what others may (Lambda's
    /// sandbox user is in the same position). Rootless, the image's files are the user's, who is the runtime inside.
    static func resolveImageEntrypoint(_ spec: inout LaunchSpec, rootless: Bool) -> FailedLaunch? {
        guard let image = spec.imageRoot else { return nil }
        let rooted = RootedPath(root: image)
        let directory = spec.workingDirectory ?? "/"
        guard rooted.isDirectory(directory) else { return FailedLaunch(workingDirectory: directory) }
        guard !spec.executable.isEmpty,
            let found = rooted.command(
                spec.executable, workingDirectory: directory, searchPath: spec.environment["PATH"])
        else { return FailedLaunch(path: spec.executable, errno: ENOENT) }
        var info = stat()
        let executableByRuntime =
            stat(found.host, &info) == 0 && info.st_mode & (rootless ? S_IXUSR : S_IXOTH) != 0
        guard executableByRuntime else { return FailedLaunch(path: spec.executable, errno: EACCES) }
        spec.executable = found.inside
        return nil
    }
}
