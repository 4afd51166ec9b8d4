/**
 * Which text encoding a CSV file uses, and which delimiter. Excel in mainland China saves "CSV" in
 * GBK (read as GB18030, its superset), in Taiwan and Hong Kong in Big5, "CSV UTF-8" with a BOM, and
 * "Unicode text" as UTF-16 with tabs; other systems write UTF-8 without a BOM. Pure.
 */
import iconv from "iconv-lite";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | "big5";

/** How many bytes to look at when the choice is between GB18030 and Big5. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Frequent characters of Chinese text and of the CRM data imported here, in both scripts. Big5 bytes
 * read as GB18030 (and the reverse) give valid but rare characters, so the reading with more of
 * these is the right one.
 */
const COMMON = new Set(
  [
    ..."的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广",
    ..."這來國個說們為時會著過學對裡後麼發見經頭從動兩長樣現將與點種聲話兒問機給幾業間電門東聽氣關內軍產萬體別處總場師書員華報馬張難數車應親務記邊風戰幹許覺題統請愛讓認論義術結連遠資隊帶條變聯權領傳紅決週達辦強區轉眾輕語滿寫識極黃臉錢黨設雙歷廣",
    ..."姓名公司电话手机邮箱备注来源城市客户类型企业个人号码线索省区县路街道号楼室科技贸易有限责任股份集团网络信息咨询服务销售经理总监",
    ..."電話手機郵箱備註來源城市客戶類型企業個人號碼線索縣區號樓貿易責任股份集團網絡資訊諮詢服務銷售經理總監",
    ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
    ..."張劉陳楊趙吳孫馬羅鄭謝許韓馮鄧蕭董袁蔣蔡葉蘇魏呂鍾譚陸賈韋鄒龔萬錢嚴湯",
    ..."北京上海广州深圳杭州苏州南京成都武汉西安重庆天津长沙郑州青岛厦门合肥宁波无锡佛山台北台中高雄桃园新竹香港",
    ..."廣州蘇州寧波無錫臺北臺中桃園",
  ].filter((c) => /\p{Script=Han}/u.test(c)),
);

function hasBom(bytes: Uint8Array, ...mark: number[]): boolean {
  return bytes.length >= mark.length && mark.every((b, i) => bytes[i] === b);
}

/** UTF-16 without a BOM: most ASCII text then has a zero byte in every second place. */
function utf16WithoutBom(bytes: Uint8Array): TextEncoding | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** How Chinese a decoded sample reads: frequent characters count, replacement characters count against. */
function chineseScore(text: string): number {
  let score = 0;
  for (const char of text) {
    if (COMMON.has(char)) score += 1;
    else if (char === "\ufffd") score -= 5;
  }
  return score;
}

/** The sample ends at the last line break, so no multi-byte character is cut in half. */
function sampleOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  const lastBreak = bytes.lastIndexOf(0x0a, SAMPLE_BYTES);
  return bytes.subarray(0, lastBreak > 0 ? lastBreak + 1 : SAMPLE_BYTES);
}

export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (hasBom(bytes, 0xef, 0xbb, 0xbf)) return "utf-8";
  if (hasBom(bytes, 0xff, 0xfe)) return "utf-16le";
  if (hasBom(bytes, 0xfe, 0xff)) return "utf-16be";
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return utf16;
  if (isUtf8(bytes)) return "utf-8";
  const sample = Buffer.from(sampleOf(bytes));
  const gb = chineseScore(iconv.decode(sample, "gb18030"));
  const big5 = chineseScore(iconv.decode(sample, "big5"));
  return big5 > gb ? "big5" : "gb18030";
}

/**
 * The delimiter of a CSV: comma, tab (Excel's "Unicode text") or semicolon (Excel where the decimal
 * mark is a comma), whichever the header line has most of outside quotes; comma when none.
 */
export function detectDelimiter(firstLine: string): "," | "\t" | ";" {
  const counts = { ",": 0, "\t": 0, ";": 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  if (counts["\t"] > counts[","] && counts["\t"] >= counts[";"]) return "\t";
  if (counts[";"] > counts[","]) return ";";
  return ",";
}
