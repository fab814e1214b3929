import LambCore
import Testing

@Suite("Image configuration to process")
struct ImageLaunchPlanTests {
    let config = ImageProcessConfig(
        entrypoint: ["/lambda-entrypoint.sh"], cmd: ["app.handler"],
        env: ["PATH=/var/lang/bin:/usr/bin", "LANG=C.UTF-8", "EMPTY=", "NOEQUALS", "_HANDLER=from.image"],
        workingDir: "/var/task")

    @Test("ENTRYPOINT + CMD, WORKDIR, ENV")
    func imageAlone() {
        let plan = ImageLaunchPlan(config: config, overrides: nil)
        #expect(plan.arguments == ["/lambda-entrypoint.sh", "app.handler"])
        #expect(plan.workingDirectory == "/var/task")
        #expect(
            plan.environment == [
                "PATH": "/var/lang/bin:/usr/bin", "LANG": "C.UTF-8", "EMPTY": "", "_HANDLER": "from.image",
            ])
    }

    @Test("ImageConfig replaces what it names; empty members keep the image's")
    func overrides() {
        let plan = ImageLaunchPlan(
            config: config,
            overrides: ImageSettings(entryPoint: ["/bin/other"], command: [], workingDirectory: "/srv"))
        #expect(plan.arguments == ["/bin/other", "app.handler"])
        #expect(plan.workingDirectory == "/srv")
        let command = ImageLaunchPlan(config: config, overrides: ImageSettings(command: ["other.handler", "x"]))
        #expect(command.arguments == ["/lambda-entrypoint.sh", "other.handler", "x"])
    }

    @Test("A scratch image: no WORKDIR is /, no PATH is Docker's")
    func scratch() {
        let plan = ImageLaunchPlan(config: ImageProcessConfig(entrypoint: ["/bootstrap"]), overrides: nil)
        #expect(plan.arguments == ["/bootstrap"])
        #expect(plan.workingDirectory == "/")
        #expect(plan.environment["PATH"] == ImageLaunchPlan.defaultPath)
    }

    @Test("The runtime's variables: the image's ENV under the function's, Lambda's reserved ones over both")
    func variables() {
        var settings = FunctionSettings(runtime: "", handler: "", role: "arn:aws:iam::123456789012:role/r")
        settings.packageType = .image
        settings.environment = ["LANG": "fr_FR.UTF-8"]
        let image = ImageCode(
            uri: "app:1", resolvedUri: "docker.io/library/app@sha256:0", manifestDigest: "sha256:0",
            configDigest: "sha256:1", process: config)
        var definition = FunctionDefinition(name: "f", settings: settings, code: .empty(for: image))
        definition.image = image
        var environment = RuntimeEnvironment(
            definition: definition, account: AccountContext(), taskRoot: "/var/task", runtimeDirectory: "/var/runtime",
            tmpDirectory: "/tmp", runtimeAPIAddress: "127.0.0.1:9", logStreamName: "s", hostPath: "/host/bin")
        environment.image = ImageLaunchPlan(config: config, overrides: nil)
        let vars = environment.variables(runtimeSpecific: [:])
        #expect(vars["PATH"] == "/var/lang/bin:/usr/bin")
        #expect(vars["LANG"] == "fr_FR.UTF-8")
        // Blank, as Lambda sets it for images, even over the image's own.
        #expect(vars["_HANDLER"] == "")
        #expect(vars["AWS_LAMBDA_RUNTIME_API"] == "127.0.0.1:9")
        #expect(vars["LD_LIBRARY_PATH"] == nil)
        #expect(vars["LAMBDA_TASK_ROOT"] == "/var/task")
    }
}

@Suite("Image function settings")
struct ImageFunctionSettingsTests {
    struct AllRuntimes: RuntimeAvailability {
        func unavailabilityReason(for runtime: String) -> String? { nil }
    }

    func patch(_ change: (inout FunctionSettingsPatch) -> Void = { _ in }) -> FunctionSettingsPatch {
        var p = FunctionSettingsPatch()
        p.role = "arn:aws:iam::123456789012:role/lambda"
        p.packageType = .image
        change(&p)
        return p
    }

    @Test("An image function needs no runtime or handler and keeps its ImageConfig")
    func creates() throws {
        let settings = try FunctionSettings.creating(
            from: patch { $0.imageConfig = ImageSettings(command: ["app.handler"]) }, runtimes: AllRuntimes())
        #expect(settings.isImage)
        #expect(settings.runtime.isEmpty && settings.handler.isEmpty)
        #expect(settings.imageConfig?.command == ["app.handler"])
    }

    @Test("Runtime, Handler or Layers are refused with Lambda's message")
    func refusesZipSettings() {
        for change in [
            { (p: inout FunctionSettingsPatch) in p.runtime = "python3.12" },
            { (p: inout FunctionSettingsPatch) in p.handler = "app.handler" },
            { (p: inout FunctionSettingsPatch) in p.layers = ["arn:aws:lambda:us-east-1:123456789012:layer:l:1"] },
        ] {
            #expect(
                throws: LambError.invalidParameter(
                    "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.")
            ) { try FunctionSettings.creating(from: patch(change), runtimes: AllRuntimes()) }
        }
    }

    @Test("An empty ImageConfig clears the overrides")
    func clears() throws {
        let settings = try FunctionSettings.creating(
            from: patch { $0.imageConfig = ImageSettings(command: ["a"]) }, runtimes: AllRuntimes())
        var update = FunctionSettingsPatch()
        update.imageConfig = ImageSettings()
        #expect(try settings.applying(update, runtimes: AllRuntimes()).imageConfig == nil)
    }
}
