import Foundation
import Testing

/// The short form of `make soak` (scripts/soak.py): half a minute of mixed traffic with
/// client hang-ups, backend restarts and freezes, and SIGHUPs, every reply checked, drover's
/// RSS and descriptors compared before and after.
@Suite("Soak")
struct SoakTests {
    @Test("30-second soak: no wrong reply, no stall, RSS and fds flat", .timeLimit(.minutes(3)))
    func shortSoak() throws {
        let python = try TestEnvironment.python()
        let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/soak.py").path
        let result = try CommandRunner.run(python, [
            script, "--drover", try TestEnvironment.droverBinary(), "--duration", "30",
            "--clients", "12", "--restart-every", "6", "--hup-every", "4",
        ], timeout: 150)
        print(result.stdout.split(separator: "\n").filter { $0.hasPrefix("soak: ") }.joined(separator: "\n"))
        #expect(result.stdout.contains("wrong replies 0;"), "\(result.output)")
        #expect(result.stdout.contains("stalls 0;"), "\(result.output)")
        #expect(result.succeeded, "soak.py \(result.termination):\n\(result.output)")
        #expect(result.stdout.contains("soak: PASS"), "\(result.output)")
    }
}
