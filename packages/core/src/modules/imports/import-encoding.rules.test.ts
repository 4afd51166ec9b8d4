import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectDelimiter, detectEncoding, type TextEncoding } from "./import-encoding.rules.ts";

const SIMPLIFIED = "姓名,公司,手机,邮箱,备注\r\n张伟,杭州云帆科技有限公司,13912345678,zhangwei@yunfan.com.cn,已发送产品资料，约定下周回访。\r\n李静,苏州恒通电子有限公司,13812345678,,老客户介绍\r\n";
const TRADITIONAL = "姓名,公司,電話,電子郵件,備註\r\n陳志明,臺北市信義科技股份有限公司,0912345678,chen@xinyi.com.tw,客戶對報價比較敏感\r\n林美玲,高雄港都貿易有限公司,0922333444,,老客戶介紹\r\n";
const bytes = (text: string, encoding: string, bom: number[] = []) => Buffer.concat([Buffer.from(bom), iconv.encode(text, encoding)]);

describe("detectEncoding", () => {
  it.each<[string, Buffer, TextEncoding]>([
    ["UTF-8 with BOM (Excel's “CSV UTF-8”)", bytes(SIMPLIFIED, "utf-8", [0xef, 0xbb, 0xbf]), "utf-8"],
    ["UTF-8 without BOM", bytes(SIMPLIFIED, "utf-8"), "utf-8"],
    ["GBK (Excel's “CSV” in mainland China)", bytes(SIMPLIFIED, "gbk"), "gb18030"],
    ["GB18030 with a character outside GBK", bytes(`${SIMPLIFIED}𠀀先生,,,,\r\n`, "gb18030"), "gb18030"],
    ["Big5 (Excel's “CSV” in Taiwan)", bytes(TRADITIONAL, "big5"), "big5"],
    ["Traditional text in UTF-8", bytes(TRADITIONAL, "utf-8"), "utf-8"],
    ["UTF-16LE with BOM (Excel's “Unicode text”)", bytes(SIMPLIFIED.replace(/,/g, "\t"), "utf-16le", [0xff, 0xfe]), "utf-16le"],
    ["UTF-16BE with BOM", bytes(SIMPLIFIED, "utf-16be", [0xfe, 0xff]), "utf-16be"],
    ["UTF-16LE without BOM, ASCII headers", bytes("name,phone\r\nZhang Wei,13912345678\r\n", "utf-16le"), "utf-16le"],
    ["plain ASCII", bytes("name,phone\r\nZhang Wei,13912345678\r\n", "utf-8"), "utf-8"],
  ])("%s → %s", (_label, input, expected) => {
    expect(detectEncoding(input)).toBe(expected);
  });

  it("decodes what it detects back to the original text", () => {
    for (const [text, encoding] of [
      [SIMPLIFIED, "gbk"],
      [TRADITIONAL, "big5"],
    ] as const) {
      const input = bytes(text, encoding);
      expect(iconv.decode(input, detectEncoding(input))).toBe(text);
    }
  });

  it("decides on a sample cut at a line end when the file is large", () => {
    const large = bytes(SIMPLIFIED.repeat(2_000), "gbk");
    expect(large.length).toBeGreaterThan(64 * 1024);
    expect(detectEncoding(large)).toBe("gb18030");
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["姓名,公司,手机", ","],
    ["姓名\t公司\t手机", "\t"],
    ["姓名;公司;手机", ";"],
    ['"公司,分部";手机;邮箱', ";"],
    ['"a\tb",c', ","],
    ["姓名", ","],
    ["", ","],
  ])("%j → %j", (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });
});
