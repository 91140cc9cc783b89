package dev.addons.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The framework itself checks an addon bundle's Node-API imports (the dev.addons.napi requirements the author kit
 * writes) against the functions the runtime's native fragment declares: a bundle needing a function the runtime
 * does not implement is refused at start with the function named, before any library is loaded.
 */
@ExtendWith(BundleContextExtension.class)
class NodeApiCompatibilityTest {

    @InjectBundleContext
    BundleContext context;

    @Test
    void aBundleImportingAFunctionTheRuntimeLacksDoesNotResolveAndTheFunctionIsNamed() throws Exception {
        Bundle bundle = Support.installEmbedded(context, Support.UNSUPPORTED_JAR);

        BundleException e = assertThrows(BundleException.class, bundle::start);

        assertEquals(BundleException.RESOLVE_ERROR, e.getType(), e.toString());
        assertTrue(e.getMessage().contains("node_api_create_buffer_from_arraybuffer"), e.getMessage());
        assertEquals(Bundle.INSTALLED, bundle.getState());
    }

    @Test
    void aBundleImportingOnlyImplementedFunctionsIsWiredToTheRuntimesNodeApi() throws Exception {
        Bundle bundle = Support.installEmbedded(context, Support.INSTANCE_DATA_JAR);

        bundle.start();

        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        assertTrue(!wiring.getRequiredWires("dev.addons.napi").isEmpty(), "no dev.addons.napi wire");
        for (BundleWire wire : wiring.getRequiredWires("dev.addons.napi")) {
            // A fragment's capabilities are its host's: the wire goes to addon.impl, provided by addon.native.
            assertEquals("addon.impl", wire.getProvider().getSymbolicName(), wire.toString());
        }
    }
}
