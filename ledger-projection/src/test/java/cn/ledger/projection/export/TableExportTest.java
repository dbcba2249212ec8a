package cn.ledger.projection.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class TableExportTest {

    TableExport table() {
        return new TableExport("测试表", new TableExport.Fact("月份", "2023-09", "month"), "测试")
                .fact("政策版本", "v1", "policyVersion")
                .columns("名称", "分数", "颜色")
                .row(Arrays.asList("=HYPERLINK(\"x\")", new BigDecimal("-1.50"), new TableExport.Filled("红牌", "FF5050")))
                .row(Arrays.asList("a,b", 3, null));
    }

    @Test
    void csvHasTheBomTheFactsLineAndEscapedCells() {
        String csv = new String(table().csv(), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("\uFEFF测试表,2023-09,政策版本,v1\r\n名称,分数,颜色\r\n"
                + "\"'=HYPERLINK(\"\"x\"\")\",-1.50,红牌\r\n\"a,b\",3,\r\n");
    }

    @Test
    void xlsxHasTheFactsAboveTheTableInPropertiesAndFilledCells() throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(table().xlsx()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("测试表 2023-09");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("月份");
            assertThat(sheet.getRow(2).getCell(1).getStringCellValue()).isEqualTo("v1");
            assertThat(sheet.getRow(4).getCell(1).getStringCellValue()).isEqualTo("分数");
            assertThat(sheet.getRow(5).getCell(0).getStringCellValue()).isEqualTo("=HYPERLINK(\"x\")");  // text, not a formula
            assertThat(sheet.getRow(5).getCell(1).getNumericCellValue()).isEqualTo(-1.5);
            assertThat(((XSSFColor) sheet.getRow(5).getCell(2).getCellStyle().getFillForegroundColorColor()).getRGB())
                    .containsExactly(0xFF, 0x50, 0x50);
            var custom = workbook.getProperties().getCustomProperties();
            assertThat(custom.getProperty("month").getLpwstr()).isEqualTo("2023-09");
            assertThat(custom.getProperty("policyVersion").getLpwstr()).isEqualTo("v1");
            assertThat(workbook.getProperties().getCoreProperties().getDescription()).contains("政策版本: v1");
        }
    }

    @Test
    void fileNamesHaveAnAsciiFallbackAndAnRfc5987Name() {
        var response = TableExport.attachment(new byte[0], TableExport.XLSX, "ranking 2023/09.xlsx", "月讲评 2023-09.xlsx");
        assertThat(response.getHeaders().getFirst("Content-Disposition")).isEqualTo(
                "attachment; filename=\"ranking_2023_09.xlsx\"; filename*=UTF-8''%E6%9C%88%E8%AE%B2%E8%AF%84%202023-09.xlsx");
    }
}
