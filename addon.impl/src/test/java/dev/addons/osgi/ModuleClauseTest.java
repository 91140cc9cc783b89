package dev.addons.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The Addon-Module header: grammar, platform selection and the errors users see. */
class ModuleClauseTest {

    @Test
    void parsesClausesWithQuotedAliasLists() throws Exception {
        List<ModuleClause> clauses = ModuleClause.parse(
                "hello;path=native/linux_x86_64/libhello.so;osname=Linux;processor=\"x86-64,amd64\","
                        + " hello;path=native/linux_aarch64/libhello.so;osname=Linux;processor=aarch64,"
                        + " other;path=libother.so;isolated=true");
        assertEquals(3, clauses.size());
        assertEquals(new ModuleClause("hello", "native/linux_x86_64/libhello.so", List.of("Linux"),
                List.of("x86-64", "amd64"), false), clauses.get(0));
        assertTrue(clauses.get(2).isolated());
        assertTrue(clauses.get(2).osnames().isEmpty(), "no platform attributes: matches everywhere");
    }

    @Test
    void platformMatchingUsesTheOsgiAliases() throws Exception {
        ModuleClause x64 = ModuleClause.parse("m;path=a.so;osname=linux;processor=amd64").get(0);
        assertTrue(x64.matches("Linux", "x86-64"));
        assertTrue(x64.matches("Linux", "x86_64"));
        assertTrue(x64.matches("Linux", "em64t"));
        assertFalse(x64.matches("Linux", "aarch64"));
        assertFalse(x64.matches("Windows 10", "x86-64"));
        ModuleClause arm = ModuleClause.parse("m;path=a.so;processor=arm64").get(0);
        assertTrue(arm.matches("Linux", "aarch64"));
        assertTrue(ModuleClause.parse("m;path=a.so").get(0).matches("Anything", "else"));
    }

    @Test
    void badHeadersSayWhatIsWrong() {
        assertEquals("module 'm': exactly one path=... attribute is required",
                assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;osname=Linux"))
                        .getMessage());
        assertTrue(assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;path=a;colour=red"))
                .getMessage().contains("unknown attribute 'colour'"));
        assertTrue(assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;path=a;bogus"))
                .getMessage().contains("is not an attribute"));
        assertTrue(assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;path=a;isolated=yes"))
                .getMessage().contains("isolated must be true or false"));
        assertEquals("the header declares no module",
                assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse(" , ")).getMessage());
    }
}
