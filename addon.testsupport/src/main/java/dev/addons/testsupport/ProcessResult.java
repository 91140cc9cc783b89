package dev.addons.testsupport;

import java.util.List;

/**
 * A finished process: its exit value and everything it wrote, decoded as UTF-8.
 *
 * @param command the command line that ran
 * @param exitValue the exit value
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
public record ProcessResult(List<String> command, int exitValue, String stdout, String stderr) {

    /** Standard output as lines, without their line terminators. */
    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }
}
