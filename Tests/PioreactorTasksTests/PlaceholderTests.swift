import Testing
@Test func tasksTargetBuilds() { #expect(Bool(true)) }
