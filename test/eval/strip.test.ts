import { describe, expect, it } from "vitest";
import { isBillStatus, prepareForEval, stripHtmlTitles, stripXmlTitles } from "../../bench/eval/strip";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

// Snippets copied from the shared corpus (GPO and House documents, public domain).
const USLM1 = `<?xml version='1.0' encoding='UTF-8'?>
<resolution xmlns="http://xml.house.gov/schemas/uslm/1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><?page 1?><meta><dc:title pagenum="1"> HCON 105 ENR: Permitting the remains of the Honorable John Lewis, late a Representative from the State of Georgia, to lie in state in the rotunda of the Capitol.</dc:title><dc:publisher>U.S. House of Representatives</dc:publisher><property role="current-chamber"/><property role="official-title">Permitting the remains of the Honorable John Lewis, late a Representative from the State of Georgia, to lie in state in the rotunda of the Capitol.</property><property role="docStage">ENR</property></meta><main id="HB8A3C7A80CC611EB435909173F13E4C5" name="HCONRES105"><longTitle>CONCURRENT RESOLUTION Permitting the remains of the Honorable John Lewis, late a Representative from the State of Georgia, to lie in state in the rotunda of the Capitol.</longTitle><enactingFormula>Resolved by the House of Representatives (the Senate concurring), </enactingFormula><section identifier="" id="H32CFEE98EE9346ABAA9DBAA59838B462" class="bill-dtd-traditional" pagenum="1"><content> That in recognition of the long and distinguished service rendered to the Nation by the Honorable John Lewis</content></section></main></resolution>`;

const BILL_DTD = `<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="billres.xsl"?>
<!DOCTYPE bill PUBLIC "-//US Congress//DTDs/bill.dtd//EN" "bill.dtd">
<bill bill-stage="Introduced-in-House" bill-type="olc" dms-id="HAAFB212E3D02439B97F09CF05D67B81E" key="H" public-private="public"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dublinCore>
<dc:title>116 HR 2000 IH: Medicare-X Choice Act of 2019</dc:title>
<dc:publisher>U.S. House of Representatives</dc:publisher>
</dublinCore>
</metadata>
<form>
<legis-num display="yes">H. R. 2000</legis-num><legis-type>A BILL</legis-type><official-title display="yes">To establish a public health plan.</official-title></form>
<legis-body id="H588D16C66063498F9C502417A7E9420B" style="OLC">
<section id="H7BF8E3E3E82D480ABFAD8EBFBA71F0BD" section-type="section-one"><enum>1.</enum><header>Short title</header><text display-inline="no-display-inline">This Act may be cited as the <quote><short-title>Medicare-X Choice Act of 2019</short-title></quote>.</text> </section>
<title id="HC6CB8E6274864BE19BC0005DA234328D" style="OLC"><enum>XXII</enum><header>Medicare Exchange Health Plan</header></title>
</legis-body></bill>`;

const USLM2 = `<?xml version="1.0" encoding="UTF-8"?><bill xmlns="http://schemas.gpo.gov/xml/uslm" xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="en"><meta><dc:title>116 H. R. 2000 IH: To establish a public health plan.</dc:title><dc:type>House Bill</dc:type><docNumber>2000</docNumber></meta><main id="H588D16C66063498F9C502417A7E9420B"><longTitle><docTitle>A BILL</docTitle><officialTitle>To establish a public health plan.</officialTitle></longTitle><enactingFormula>Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,</enactingFormula><section identifier="/s1"><num value="1">SECTION 1.</num><heading> SHORT TITLE.</heading><content class="indent0">This Act may be cited as the “<shortTitle>Medicare-X Choice Act of 2019</shortTitle>”.</content></section></main></bill>`;

const MODS = `<mods xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.loc.gov/mods/v3" version="3.3" ID="P0b002ee1a049418d">
<extension>
 <collectionCode>BILLS</collectionCode>
 <searchTitle>To establish a public health plan.;Medicare-X Choice Act of 2019;H.R. 2000 (IH)
    </searchTitle>
 <category>Bills and Statutes</category>
</extension>
<titleInfo>
 <title>To establish a public health plan.</title>
</titleInfo>
<titleInfo type="alternative">
 <title>Medicare-X Choice Act of 2019</title>
</titleInfo>
<extension><shortTitle type="measure">Medicare-X Choice Act of 2019</shortTitle>
<officialTitle>To establish a public health plan.</officialTitle></extension>
</mods>`;

const BILL_STATUS = `<?xml version="1.0" encoding="UTF-8"?>
<billStatus>
  <bill>
    <billNumber>1004</billNumber>
    <billType>HR</billType>
    <congress>115</congress>
  </bill>
</billStatus>`;

const XHTML_HEAD = `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://w3.org">
<html encoding="utf-8" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <head>
        <META http-equiv="Content-Type" content="text/html; charset=UTF-8">
        <title>H. R. 6028 (Engrossed-in-House)</title>
    </head>
    <body><p style="text-align:left" class="lbexHangWithMargin">To modify the appointment and removal process for certain legislative branch officers, and for other purposes.</p></body></html>`;

describe("stripXmlTitles", () => {
  it("removes Dublin Core titles, official-title properties and the long title of USLM 1", () => {
    const { text: out, removed } = stripXmlTitles(USLM1);
    expect(removed).toBe(3);
    expect(out).not.toContain("Permitting the remains");
    expect(out).toContain('<property role="current-chamber"/>');
    expect(out).toContain('<property role="docStage">ENR</property>');
    expect(out).toContain("<dc:publisher>U.S. House of Representatives</dc:publisher>");
    expect(out).toContain("long and distinguished service rendered to the Nation by the Honorable John Lewis");
  });

  it("removes official and short titles from bill DTD XML but keeps bill titles (levels) and the DOCTYPE", () => {
    const { text: out, removed } = stripXmlTitles(BILL_DTD);
    expect(removed).toBe(3);
    expect(out).not.toContain("public health plan");
    expect(out).not.toContain("Medicare-X");
    expect(out).toContain('<!DOCTYPE bill PUBLIC "-//US Congress//DTDs/bill.dtd//EN" "bill.dtd">');
    expect(out).toContain("This Act may be cited as the <quote></quote>.");
    expect(out).toContain("<header>Medicare Exchange Health Plan</header></title>");
  });

  it("removes nested title elements of USLM 2 once, with their content", () => {
    const { text: out, removed } = stripXmlTitles(USLM2);
    expect(removed).toBe(3);
    expect(out).not.toContain("public health plan");
    expect(out).not.toContain("Medicare-X");
    expect(out).not.toContain("A BILL");
    expect(out).toContain("<enactingFormula>Be it enacted");
    expect(out).toContain("<heading> SHORT TITLE.</heading>");
  });

  it("removes MODS titleInfo, searchTitle and the extension's titles", () => {
    const { text: out, removed } = stripXmlTitles(MODS);
    expect(removed).toBe(5);
    expect(out).not.toContain("public health plan");
    expect(out).not.toContain("Medicare-X");
    expect(out).toContain("<category>Bills and Statutes</category>");
  });

  it("follows the namespace, not the prefix, for Dublin Core titles", () => {
    const doc = `<r xmlns:purl="http://purl.org/dc/elements/1.1/" xmlns:x="urn:other"><purl:title>A</purl:title><x:title>B</x:title><title>C</title></r>`;
    expect(stripXmlTitles(doc).text).toBe(
      `<r xmlns:purl="http://purl.org/dc/elements/1.1/" xmlns:x="urn:other"><x:title>B</x:title><title>C</title></r>`,
    );
  });

  it("ignores markup inside comments and CDATA", () => {
    const doc = "<r><!-- <officialTitle> --><![CDATA[<shortTitle>]]><p>kept</p></r>";
    expect(stripXmlTitles(doc)).toEqual({ text: doc, removed: 0 });
  });
});

describe("stripHtmlTitles", () => {
  it("removes the head title of GPO's XHTML rendering and keeps the body", () => {
    const { text: out, removed } = stripHtmlTitles(XHTML_HEAD);
    expect(removed).toBe(1);
    expect(out).not.toContain("Engrossed-in-House");
    expect(out).toContain("To modify the appointment and removal process");
  });
});

describe("prepareForEval", () => {
  it("detects bill status by its root element and leaves it out", () => {
    expect(isBillStatus(bytes(BILL_STATUS))).toBe(true);
    expect(isBillStatus(bytes(USLM2))).toBe(false);
    expect(prepareForEval(bytes(BILL_STATUS))).toMatchObject({ kind: "xml", billStatus: true });
  });

  it("keeps every byte outside the removed elements, non-ASCII included", () => {
    const prepared = prepareForEval(bytes(USLM2));
    expect(prepared).toMatchObject({ kind: "xml", billStatus: false, removed: 3 });
    expect(text(prepared.bytes)).toBe(stripXmlTitles(USLM2).text);
    expect(text(prepared.bytes)).toContain("cited as the “”.");
  });

  it("strips HTML titles and leaves PDFs unchanged", () => {
    expect(prepareForEval(bytes(XHTML_HEAD))).toMatchObject({ kind: "html", removed: 1 });
    const pdf = bytes("%PDF-1.4\n1 0 obj\n<< /Title (To establish a public health plan.) >>\nendobj\n");
    const prepared = prepareForEval(pdf);
    expect(prepared).toMatchObject({ kind: "pdf", billStatus: false, removed: 0 });
    expect(prepared.bytes).toBe(pdf);
  });
});
