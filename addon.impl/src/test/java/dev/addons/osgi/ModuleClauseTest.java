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

    @Test
    void aQuotedPathKeepsItsCommasSemicolonsAndEquals() throws Exception {
        List<ModuleClause> clauses = ModuleClause.parse(
                "m;path=\"native/a,b;c=d.so\";processor=amd64, n;path = \"lib n.so\" ;isolated=\"true\"");
        assertEquals(2, clauses.size(), clauses.toString());
        assertEquals("native/a,b;c=d.so", clauses.get(0).path());
        assertEquals(List.of("amd64"), clauses.get(0).processors());
        assertEquals(new ModuleClause("n", "lib n.so", List.of(), List.of(), true), clauses.get(1));
    }

    @Test
    void backslashEscapesInsideQuotes() throws Exception {
        assertEquals("lib\"q\".so", ModuleClause.parse("m;path=\"lib\\\"q\\\".so\"").get(0).path());
        assertEquals("a\\b,c", ModuleClause.parse("m;path=\"a\\\\b,c\"").get(0).path());
        assertEquals("x.so", ModuleClause.parse("m;path:=\"x.so\"").get(0).path(), "a directive is read too");
    }

    @Test
    void malformedQuotesAreRefused() {
        assertTrue(assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;path=\"a.so"))
                .getMessage().contains("unterminated quoted string"));
        assertTrue(assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;path=\"a\"b.so"))
                .getMessage().contains("text after the quoted value"));
        assertTrue(assertThrows(ModuleClause.HeaderException.class, () -> ModuleClause.parse("m;path=a\"b\".so"))
                .getMessage().contains("quote the whole value"));
    }

    @Test
    void aPathNamesOneEntryWithoutWildcards() {
        assertEquals("path 'good/*.so' contains '*': a path names one entry of the bundle, wildcards are not "
                + "supported", ModuleClause.pathProblem("good/*.so"));
        assertTrue(ModuleClause.pathProblem("*").contains("wildcards are not supported"));
        assertTrue(ModuleClause.pathProblem("native/../x.so").contains("'.' or '..' segments"));
        assertTrue(ModuleClause.pathProblem("./x.so").contains("'.' or '..' segments"));
        assertEquals(null, ModuleClause.pathProblem("/native/linux_x86_64/libx.so"));
        assertEquals(null, ModuleClause.pathProblem("native/a,b.so"));
    }

    @Test
    void theFirstMatchingClauseIsChosenAndTheOtherMatchingOnesAreReported() throws Exception {
        List<ModuleClause> clauses = ModuleClause.parse("m;path=first.so;processor=x86-64,"
                + " m;path=arm.so;processor=aarch64, m;path=second.so, m;path=third.so;osname=Linux;processor=amd64");
        ModuleClause.Selection x64 = ModuleClause.select(clauses, "Linux", "x86_64");
        assertEquals("first.so", x64.chosen().path());
        assertEquals(List.of("second.so", "third.so"), x64.ignored().stream().map(ModuleClause::path).toList());
        ModuleClause.Selection arm = ModuleClause.select(clauses, "Linux", "aarch64");
        assertEquals("arm.so", arm.chosen().path());
        assertEquals(List.of("second.so"), arm.ignored().stream().map(ModuleClause::path).toList());
        ModuleClause.Selection none = ModuleClause.select(clauses.subList(0, 2), "Linux", "riscv64");
        assertEquals(null, none.chosen());
        assertTrue(none.ignored().isEmpty());
    }
}
