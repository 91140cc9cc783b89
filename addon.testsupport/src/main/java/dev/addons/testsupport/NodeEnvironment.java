package dev.addons.testsupport;

import java.util.Optional;

/**
 * What decides where {@code node} is looked for and whether a test may go without it: the {@code PATH}, the
 * {@code -Daddon.node=} override, {@code -Daddon.node.required=} and the {@code CI} environment variable. A value,
 * so that tests of the policy can give their own.
 *
 * @param path the {@code PATH} environment variable, or null
 * @param override the {@code addon.node} system property (a path to the node executable), or null
 * @param requiredProperty the {@code addon.node.required} system property ({@code true}/{@code false}), or null
 * @param ci the {@code CI} environment variable, or null
 */
public record NodeEnvironment(String path, String override, String requiredProperty, String ci) {

    /** The system property naming the node executable to use instead of the one on the PATH. */
    public static final String OVERRIDE_PROPERTY = "addon.node";

    /** The system property that makes a missing node a failure ({@code true}) or a skip ({@code false}). */
    public static final String REQUIRED_PROPERTY = "addon.node.required";

    /** This JVM's environment and system properties. */
    public static NodeEnvironment current() {
        return new NodeEnvironment(System.getenv("PATH"), System.getProperty(OVERRIDE_PROPERTY),
                System.getProperty(REQUIRED_PROPERTY), System.getenv("CI"));
    }

    /** Whether a test that needs node must fail, not skip, where there is none. */
    public boolean required() {
        return reasonRequired().isPresent();
    }

    /**
     * Why node is required, for the failure message; empty where it is not. The property decides when it is set
     * (so {@code -Daddon.node.required=false} allows a skip even under CI); otherwise {@code CI} set to anything but
     * empty or {@code false} (CI services set {@code CI=true}; {@code .ci/run} installs node).
     */
    public Optional<String> reasonRequired() {
        if (requiredProperty != null && !requiredProperty.isBlank()) {
            return Boolean.parseBoolean(requiredProperty.trim())
                    ? Optional.of("-D" + REQUIRED_PROPERTY + "=" + requiredProperty)
                    : Optional.empty();
        }
        if (ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false")) {
            return Optional.of("the environment variable CI is set (CI=" + ci + ")");
        }
        return Optional.empty();
    }
}
