package dev.addons.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The module file's entry: {@code path} names one entry. The lookup falls back to {@code Bundle.findEntries} (to
 * see attached fragments), whose file pattern is a wildcard pattern: a path with '*' must not get there.
 */
class EntryLookupTest {

    /** A bundle whose own entries are empty and whose fragment holds good/libgood.so; findEntries expands '*'. */
    private static Bundle bundleWithFragmentEntry() {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getEntry":
                            return null;
                        case "findEntries":
                            String dir = (String) args[0];
                            String pattern = ((String) args[1]).replace(".", "\\.").replace("*", ".*");
                            return dir.equals("good") && "libgood.so".matches(pattern)
                                    ? Collections.enumeration(List.of(new URL("file:/fragment/good/libgood.so")))
                                    : null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void anEntryOfAFragmentIsFound() throws Exception {
        assertEquals(new URL("file:/fragment/good/libgood.so"),
                AddonExtender.findEntry(bundleWithFragmentEntry(), "good/libgood.so"));
        assertNull(AddonExtender.findEntry(bundleWithFragmentEntry(), "good/libother.so"));
    }

    @Test
    void aWildcardIsRefusedNotExpanded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AddonExtender.findEntry(bundleWithFragmentEntry(), "good/*.so"));
        assertEquals("path 'good/*.so' contains '*': a path names one entry of the bundle, wildcards are not "
                + "supported", e.getMessage());
    }
}
