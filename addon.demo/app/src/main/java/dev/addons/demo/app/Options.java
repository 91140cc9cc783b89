package dev.addons.demo.app;

import java.util.List;

/** The command line of the demo application. */
record Options(Boolean shell, int cycles, int iterations, boolean help) {

    static final int DEFAULT_CYCLES = 1000;
    static final int DEFAULT_ITERATIONS = 1000;

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar addon-demo.jar [--shell | --no-shell] [--cycles N] [--iterations N]",
            "  Plays the reference page's scenario, then stays in the Gogo console when there is a terminal.",
            "  --shell          stay in the Gogo console afterwards, even without a terminal",
            "  --no-shell       exit after the scenario, even on a terminal (exit status 0 only if nothing leaked)",
            "  --cycles N       load/unload cycles of the instance-data bundle (default " + DEFAULT_CYCLES
                    + ", 0: none)",
            "  --iterations N   random-walk iterations of each context, counting down to 0 inclusive (default "
                    + DEFAULT_ITERATIONS + ")",
            "  --help           this text");

    /** @throws IllegalArgumentException with the reason, for a command line that cannot be used */
    static Options parse(List<String> args) {
        Boolean shell = null;
        int cycles = DEFAULT_CYCLES;
        int iterations = DEFAULT_ITERATIONS;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--shell":
                    shell = Boolean.TRUE;
                    break;
                case "--no-shell":
                    shell = Boolean.FALSE;
                    break;
                case "--cycles":
                    cycles = number(args, ++i, "--cycles");
                    break;
                case "--iterations":
                    iterations = number(args, ++i, "--iterations");
                    break;
                case "-h":
                case "--help":
                    help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new Options(shell, cycles, iterations, help);
    }

    private static int number(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        try {
            int n = Integer.parseInt(args.get(i));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number >= 0, not '" + args.get(i) + "'");
        }
    }
}
