/**
 * A plugin record's PDF document (ADR 026), against a real database: a test plugin's quote
 * with a document view (header fields, a lines table from its quote lines, totals, footer). The PDF is
 * read back: an A4 page count, the embedded CJK font, and the drawn text decoded through the font's
 * ToUnicode map (content streams uncompressed in tests) — title, labels and values in the reader's
 * language, money with two places, the column totals, the page numbers. Another partner's quote is 404.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorForUserId } from "../../auth/actor-loader.ts";
import { disconnectDb, runAsActor } from "../../db/index.ts";
import { isDomainError } from "../../errors/index.ts";
import { api, apiToken, createTestDeveloper, createTestPartner, createTestPartnerUser, createTestPlatformUser, type TestPartnerUser } from "../../testing/index.ts";
import { installTestPlugin, localized, testPluginPackage } from "../../testing/plugin-factories.ts";
import type { Actor } from "../../actor/index.ts";
import { resetPluginHost } from "./index.ts";
import { renderRecordDocument } from "./record-documents.service.ts";

const tag = `t${randomBytes(4).toString("hex")}`;
const PLUGIN_ID = `qd.${tag}`;
const NS = `qd_${tag}`;
const QUOTE = `${NS}__quote`;
const LINE = `${NS}__quoteLine`;

function manifest() {
  const views = (fields: string[]) => ({ list: { columns: [fields[0]!] }, detail: { sections: [{ title: localized("详情", "Details"), fields }] }, form: { fields } });
  return {
    id: PLUGIN_ID,
    name: localized("报价单据", "Quote documents"),
    description: localized("报价单 PDF", "Quote PDFs"),
    version: "1.0.0",
    publisher: { name: "QA" },
    engines: { qudao: ">=0.1.0" },
    surfaces: ["platform", "portal"],
    categories: ["sales"],
    permissions: [`records:write:${QUOTE}`, `records:write:${LINE}`],
    hooks: [],
    contributes: {
      objects: [
        {
          name: QUOTE,
          label: localized("报价单", "Quote"),
          labelPlural: localized("报价单", "Quotes"),
          titleField: "number",
          fields: [
            { name: "number", type: "text", label: localized("报价编号", "Quote number"), required: true },
            { name: "dealer", type: "text", label: localized("经销商", "Dealer") },
            {
              name: "terms",
              type: "select",
              label: localized("付款方式", "Payment terms"),
              options: [{ value: "net30", label: localized("月结30天", "Net 30") }],
            },
          ],
          views: {
            ...views(["number", "dealer", "terms"]),
            document: {
              title: localized("报价单", "Quotation"),
              fields: ["number", "dealer", "terms"],
              lines: { object: LINE, relation: "quote", columns: ["sku", "quantity", "unitPrice", "amount"], totals: ["quantity", "amount"] },
              footer: localized("本报价单自开具之日起三十日内有效。", "This quotation is valid for 30 days."),
            },
          },
        },
        {
          name: LINE,
          label: localized("报价明细", "Quote line"),
          labelPlural: localized("报价明细", "Quote lines"),
          titleField: "sku",
          fields: [
            { name: "sku", type: "text", label: localized("物料", "Item"), required: true },
            { name: "quantity", type: "integer", label: localized("数量", "Qty") },
            { name: "unitPrice", type: "decimal", label: localized("单价", "Unit price") },
            { name: "amount", type: "decimal", label: localized("金额", "Amount") },
          ],
          relations: [{ name: "quote", to: QUOTE, kind: "manyToOne", label: localized("报价单", "Quote"), required: true }],
          views: views(["sku", "quantity", "unitPrice", "amount", "quote"]),
        },
      ],
    },
  };
}

let adminUser: TestPartnerUser, otherUser: TestPartnerUser;
let adminToken: string;
let quoteId: string, manyLinesQuoteId: string;

async function actorOf(user: TestPartnerUser): Promise<Actor> {
  const loaded = await actorForUserId(user.id, "job");
  if (!loaded?.actor) throw new Error("no actor");
  return loaded.actor;
}

async function createRecord(object: string, values: Record<string, unknown>): Promise<string> {
  const response = await api("POST", `/records/${object}`, { token: adminToken, body: { values } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

/** The text drawn in a PDF made by pdfkit with compression off: hex glyph strings decoded by the ToUnicode maps. */
function drawnText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  const glyphs = new Map<number, string>();
  for (const range of source.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
    const start = Number.parseInt(range[1]!, 16);
    [...range[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((code, i) => glyphs.set(start + i, String.fromCodePoint(Number.parseInt(code[1]!, 16))));
  }
  const lines: string[] = [];
  for (const block of source.matchAll(/\[([^\]]*)\] TJ/g)) {
    lines.push([...block[1]!.matchAll(/<([0-9a-f]+)>/gi)].map((hex) => hex[1]!.match(/.{4}/g)!.map((g) => glyphs.get(Number.parseInt(g, 16)) ?? "?").join("")).join(""));
  }
  return lines.join("\n");
}

beforeAll(async () => {
  const [partnerA, partnerB] = await Promise.all([createTestPartner(), createTestPartner()]);
  [adminUser, otherUser] = await Promise.all([createTestPartnerUser(partnerA.id, "admin"), createTestPartnerUser(partnerB.id, "admin")]);
  const [developer, reviewer, platformAdmin] = await Promise.all([createTestDeveloper(), createTestPlatformUser(["reviewer"]), createTestPlatformUser(["admin"])]);
  adminToken = await apiToken(adminUser);
  const tokens = { developer: await apiToken(developer), reviewer: await apiToken(reviewer), platformAdmin: await apiToken(platformAdmin), partnerAdmin: adminToken };
  await installTestPlugin({ pkg: testPluginPackage({ manifest: manifest(), hooks: "globalThis.__qudaoPlugin = { hooks: {} };", locales: { "zh-CN": {}, en: {} } }), tokens });
  await api("POST", "/plugin-installs", { token: await apiToken(otherUser), body: { pluginId: PLUGIN_ID, scope: "partner", consentedPermissions: manifest().permissions } });
  quoteId = await createRecord(QUOTE, { number: `Q-${tag}`, dealer: "华东设备有限公司", terms: "net30" });
  await createRecord(LINE, { sku: "泵体 A-100", quantity: 2, unitPrice: "1250.5", amount: "2501", quote: quoteId });
  await createRecord(LINE, { sku: "密封圈", quantity: 10, unitPrice: "3.333", amount: "33.33", quote: quoteId });
  manyLinesQuoteId = await createRecord(QUOTE, { number: `Q-LONG-${tag}` });
  for (let i = 1; i <= 60; i++) await createRecord(LINE, { sku: `件 ${i}`, quantity: 1, unitPrice: "1", amount: "1", quote: manyLinesQuoteId });
}, 180_000);

afterAll(async () => {
  resetPluginHost();
  await disconnectDb();
});

describe("record documents", () => {
  it("an A4 PDF with the CJK font embedded: title, header, lines, totals and footer in zh-CN", async () => {
    const actor = await actorOf(adminUser);
    const now = new Date("2026-12-07T02:30:00Z");
    const document = await runAsActor(actor, () => renderRecordDocument(actor, QUOTE, quoteId, "zh-CN", { now, compress: false }));
    expect(document.contentType).toBe("application/pdf");
    expect(document.fileName).toBe(`报价单-Q-${tag}.pdf`);
    const source = document.bytes.toString("latin1");
    expect(source.startsWith("%PDF-")).toBe(true);
    expect(source).toMatch(/\/Type \/Pages\s*\/Count 1/);
    expect(source).toContain("/MediaBox [0 0 595.28 841.89]");
    expect(source).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
    const text = drawnText(document.bytes);
    for (const expected of ["报价单", `Q-${tag}`, "报价编号", "经销商", "华东设备有限公司", "付款方式", "月结30天", "序号", "物料", "数量", "单价", "金额", "泵体 A-100", "1,250.50", "2,501.00", "3.333", "33.33", "合计", "12", "2,534.33", "本报价单自开具之日起三十日内有效。", "生成时间：2026/12/07 10:30", "第 1 / 1 页"]) {
      expect(text, expected).toContain(expected);
    }
  });

  it("in the reader's language, over several pages with the page numbers", async () => {
    const actor = await actorOf(adminUser);
    const english = await runAsActor(actor, () => renderRecordDocument(actor, QUOTE, quoteId, "en", { compress: false }));
    const text = drawnText(english.bytes);
    for (const expected of ["Quotation", "Quote number", "Payment terms", "Net 30", "Unit price", "Total", "This quotation is valid for 30 days.", "Page 1 of 1"]) expect(text, expected).toContain(expected);
    const long = await runAsActor(actor, () => renderRecordDocument(actor, QUOTE, manyLinesQuoteId, "zh-TW", { compress: false }));
    const pages = Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(long.bytes.toString("latin1"))?.[1]);
    expect(pages).toBeGreaterThan(1);
    const longText = drawnText(long.bytes);
    expect(longText).toContain(`第 ${pages} / ${pages} 頁`);
    expect(longText).toContain("合計");
    expect(longText).toContain("60.00");
  });

  it("another partner's quote is not found; an object without a document view has none", async () => {
    const other = await actorOf(otherUser);
    const refusal = await runAsActor(other, () => renderRecordDocument(other, QUOTE, quoteId, "zh-CN")).catch((error: unknown) => error);
    expect(isDomainError(refusal) && refusal.code).toBe("NOT_FOUND");
    const actor = await actorOf(adminUser);
    const line = await runAsActor(actor, async () => {
      const { db } = await import("../../db/index.ts");
      return db.customObjectRecord.findFirstOrThrow({ where: { object: LINE } });
    });
    const none = await runAsActor(actor, () => renderRecordDocument(actor, LINE, line.id, "zh-CN")).catch((error: unknown) => error);
    expect(isDomainError(none) && none.i18nKey).toBe("recordDocuments.errors.noDocument");
  });
});
