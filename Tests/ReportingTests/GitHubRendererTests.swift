import Testing
@testable import Reporting

@Suite struct GitHubRendererTests {
    @Test func rendersWorkflowCommands() {
        let expected = """
            ::error file=keys/q.md,line=3,col=15,endColumn=22,title=gradcheck wrong-derivative::\
            dL/dw does not match the network%0Anote: at x = 1.2, w = -0.3: left side = 0.125, right side = 0.031\
            %0Adid you mean delta_2?
            ::warning file=keys/q.md,line=9,col=1,endColumn=2,title=gradcheck unused-symbol::symbol 'b_3' is never used
            1 error, 1 warning in 4 equations checked

            """
        #expect(GitHubRenderer().render(Samples.report) == expected)
    }

    @Test func escapesDataAndProperties() {
        #expect(GitHubRenderer.escapeData("50% a:b, c\r\nd") == "50%25 a:b, c%0D%0Ad")
        #expect(GitHubRenderer.escapeProperty("50% a:b, c\r\nd") == "50%25 a%3Ab%2C c%0D%0Ad")
    }

    @Test func hostileFileNameStaysOneCommand() {
        let line = GitHubRenderer().command(for: Samples.hostileReport.diagnostics[0])
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("::error file=dir%2C with%3A odd/na me&.md,line=1,col=2,endColumn=5,title=gradcheck parse-error::"))
    }

    @Test func notesBecomeNotices() {
        var d = Samples.unusedSymbol
        d.severity = .note
        #expect(GitHubRenderer().command(for: d).hasPrefix("::notice "))
    }
}
