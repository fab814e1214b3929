import LambGatewayAuth
import Testing

@Suite("AuthorizerDecision")
struct AuthorizerDecisionTests {
    @Test("a decision is a value")
    func value() {
        #expect(AuthorizerDecision.allow(context: [:]) == .allow(context: [:]))
    }
}
