package dev.aigate.dashboard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardRenderingTest {

    @Test
    void axesEndOnRoundTicks() {
        assertEquals(4.0, SvgCharts.niceCeiling(3));
        assertEquals(2.0, SvgCharts.niceCeiling(2));
        assertEquals(40.0, SvgCharts.niceCeiling(22));
        assertEquals(100.0, SvgCharts.niceCeiling(100));
        assertEquals(1.0, SvgCharts.niceCeiling(0), "an empty chart still has an axis");
    }

    @Test
    void everyNameInAChartIsEscaped() {
        String svg = SvgCharts.bars("x", "t<", List.of("<script>alert(1)</script>"), List.of("a\"b"),
                new double[][] {{1}}, false, "u&");
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("data-category=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), svg);
        assertTrue(svg.contains("data-series=\"a&quot;b\""), svg);
    }

    @Test
    void aCsvCellASpreadsheetWouldRunIsDefused() {
        assertEquals("\"'=1+1\"", Csv.field(Table.Cell.text("=1+1")));
        assertEquals("\"'@SUM(A1)\"", Csv.field(Table.Cell.text("@SUM(A1)")));
        assertEquals("-1.5", Csv.field(Table.Cell.number("-1.5")), "a figure is left as it is");
        assertEquals("\"a, \"\"b\"\"\"", Csv.field(Table.Cell.text("a, \"b\"")));
    }

    @Test
    void onlyAWellFormedRepositoryNameBecomesALink() {
        assertEquals("/pulls/acme/app/4", DashboardTables.pr("acme/app", 4).href());
        assertEquals(null, DashboardTables.pr("acme/../../evil", 4).href());
        assertEquals(null, DashboardTables.pr("acme/..", 4).href(), "no name GitHub refuses");
        assertEquals(null, DashboardTables.pr("javascript:alert(1)//x", 1).href());
    }
}
