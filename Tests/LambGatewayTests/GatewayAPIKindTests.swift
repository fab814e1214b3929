import LambGateway
import Testing

@Suite("GatewayAPIKind")
struct GatewayAPIKindTests {
    @Test("the kinds have stable names")
    func names() {
        #expect(GatewayAPIKind.rest.rawValue == "rest")
    }
}
