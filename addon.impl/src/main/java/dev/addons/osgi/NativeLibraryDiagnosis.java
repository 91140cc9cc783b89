package dev.addons.osgi;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.HostNamespace;

import dev.addons.core.Platform;

/**
 * Says why the runtime bundle could not load its native library and what to do. The library comes with the
 * addon.native fragment; a fragment installed after its host resolved attaches only when the host is refreshed,
 * which frameworks do not do on their own, so the usual fix is "install the fragment, then refresh addon.impl".
 */
final class NativeLibraryDiagnosis {

    private NativeLibraryDiagnosis() {
    }

    /** The message for {@code runtime} (the addon.impl bundle) failing to load its library with {@code cause}. */
    static String describe(Bundle runtime, Throwable cause) {
        return message(runtime.getSymbolicName(), runtime.getBundleId(), Platform.current(), attachedFragments(runtime),
                String.valueOf(cause.getMessage()));
    }

    /** {@code fragments}: "name version [id]" of each fragment attached to the runtime bundle. */
    static String message(String symbolicName, long bundleId, String platform, List<String> fragments, String cause) {
        String bundle = symbolicName + " [" + bundleId + "]";
        StringBuilder text = new StringBuilder("addon runtime bundle ").append(bundle)
                .append(" cannot load its native library for platform ").append(platform).append(": ")
                .append(cause).append(". ");
        if (fragments.isEmpty()) {
            text.append("No addon.native fragment is attached to ").append(bundle).append(": install addon.native ")
                    .append("for ").append(platform).append(", then refresh ").append(bundle)
                    .append(" (Karaf: bundle:refresh ").append(bundleId).append("; Gogo: refresh ").append(bundleId)
                    .append("; Java: FrameworkWiring.refreshBundles). A fragment installed after its host resolved ")
                    .append("attaches only when the host is refreshed.");
        } else {
            text.append("Attached fragments: ").append(String.join(", ", fragments)).append(". None of them ")
                    .append("carries a library this JVM can load for ").append(platform).append(": install the ")
                    .append("addon.native fragment of the same build as ").append(bundle).append(" for ")
                    .append(platform).append(", then refresh ").append(bundle).append('.');
        }
        return text.toString();
    }

    private static List<String> attachedFragments(Bundle runtime) {
        List<String> fragments = new ArrayList<>();
        BundleWiring wiring = runtime.adapt(BundleWiring.class);
        if (wiring == null) {
            return fragments;
        }
        for (BundleWire wire : wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE)) {
            Bundle fragment = wire.getRequirer().getBundle();
            fragments.add(fragment.getSymbolicName() + " " + fragment.getVersion() + " [" + fragment.getBundleId()
                    + "]");
        }
        return fragments;
    }
}
