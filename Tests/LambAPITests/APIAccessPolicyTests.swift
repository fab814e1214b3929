import LambAuth
import Testing

@testable import LambAPI

@Suite struct APIAccessPolicyTests {
    func policy(_ access: APIAccessPolicy.FunctionAccess) -> APIAccessPolicy {
        APIAccessPolicy(
            mode: .none, functionAccess: access,
            verifier: SignedRequestVerifier(keys: AccessKeyStore(), region: "us-east-1"))
    }

    let role = AccessKey(id: "ASIA1", secret: "s", sessionToken: "t", owner: .function("caller"))

    @Test func invocationsAreTheThreeInvokeOperations() {
        #expect(APIAccessPolicy.isInvocation("/2015-03-31/functions/f/invocations"))
        #expect(APIAccessPolicy.isInvocation("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations"))
        #expect(APIAccessPolicy.isInvocation("/2014-11-13/functions/f/invoke-async"))
        #expect(APIAccessPolicy.isInvocation("/2014-11-13/functions/f/invoke-async/"))
        #expect(APIAccessPolicy.isInvocation("/2021-11-15/functions/f/response-streaming-invocations"))
        #expect(!APIAccessPolicy.isInvocation("/2015-03-31/functions/f"))
        #expect(!APIAccessPolicy.isInvocation("/2015-03-31/functions/f/configuration"))
        #expect(!APIAccessPolicy.isInvocation("/2015-03-31/functions/a/b/invocations"))
    }

    @Test func invokeAccessAllowsOnlyInvoking() {
        let invoke = policy(.invoke)
        #expect(invoke.refusal(environmentRequest: "POST", path: "/2015-03-31/functions/f/invocations", signer: role) == nil)
        #expect(invoke.refusal(environmentRequest: "GET", path: "/2015-03-31/functions/", signer: role)?.type == "AccessDeniedException")
        #expect(invoke.refusal(environmentRequest: "DELETE", path: "/2015-03-31/functions/f", signer: role) != nil)
    }

    @Test func noneRefusesEverythingAndFullNothing() {
        #expect(policy(.none).refusal(environmentRequest: "POST", path: "/2015-03-31/functions/f/invocations", signer: role) != nil)
        #expect(policy(.full).refusal(environmentRequest: "DELETE", path: "/2015-03-31/functions/f", signer: role) == nil)
    }
}
