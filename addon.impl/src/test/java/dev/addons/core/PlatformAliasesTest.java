package dev.addons.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one alias table: clause matching (ModuleClause) and file names (Platform.arch) read the same names. */
class PlatformAliasesTest {

    /** The OSGi Core spec's processor aliases, plus the JVM's x86_64. */
    private static final Map<String, List<String>> ALIASES = Map.of(
            "x86-64", List.of("x86-64", "amd64", "em64t", "x86_64"),
            "aarch64", List.of("aarch64", "arm64"),
            "x86", List.of("x86", "pentium", "i386", "i486", "i586", "i686"));

    @Test
    void everyProcessorAliasMapsToItsCanonicalName() {
        ALIASES.forEach((canonical, aliases) -> {
            for (String alias : aliases) {
                assertEquals(canonical, Platform.canonicalProcessor(alias), alias);
                assertEquals(canonical, Platform.canonicalProcessor(alias.toUpperCase()), alias.toUpperCase());
            }
        });
        assertEquals(ALIASES.values().stream().mapToInt(List::size).sum(), Platform.PROCESSOR_ALIASES.size(),
                "the table has exactly the aliases above: " + Platform.PROCESSOR_ALIASES);
        assertEquals("ppc64le", Platform.canonicalProcessor("PPC64LE"), "an unknown name is itself, lower case");
    }

    @Test
    void osNamesMapToTheirCanonicalName() {
        assertEquals("linux", Platform.canonicalOs("Linux"));
        assertEquals("macosx", Platform.canonicalOs("Mac OS X"));
        assertEquals("macosx", Platform.canonicalOs("osx"));
        assertEquals("windows", Platform.canonicalOs("Windows 11"));
        assertEquals("freebsd", Platform.canonicalOs("FreeBSD"));
    }
}
