package dev.addons.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.addons.api.AddonContext;
import dev.addons.core.AddonRuntimeCore;

/** A consumer that keeps its AddonRuntime view for good and creates and closes contexts all along. */
class BundleRuntimeViewTest {

    private static Bundle consumer() {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "consumer";
                    case "getBundleId" -> 42L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void closedContextsAreNotKeptByALongLivedView() {
        try (AddonRuntimeCore core = new AddonRuntimeCore()) {
            BundleRuntimeView view = new BundleRuntimeView(core, consumer());
            AddonContext kept = view.newContext("kept open");
            for (int i = 0; i < 10_000; i++) {
                view.newContext("short-lived " + i).close();
            }
            assertTrue(view.retained() <= 130, "closed contexts the view still holds: " + view.retained());
            assertEquals(List.of(kept), view.contexts());
            view.release();
            assertEquals(AddonContext.State.CLOSED, kept.state(), "release still closes what is open");
        }
    }
}
