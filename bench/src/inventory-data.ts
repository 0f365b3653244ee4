// A realistic rental catalogue for the inventory benchmark: a category tree,
// products named as a rental company names them ("Robe MegaPointe", "Shure SM58",
// "Socapex 19-pin 25m"), serialized assets with tags and serial numbers, cases,
// kits, locations and bulk stock. Deterministic: the same seed gives the same data.
import { createHash } from "node:crypto";

export interface Sizes {
  assets: number;
  cases: number;
  kits: number;
}

export interface CategoryRow {
  id: string;
  name: string;
  parentId: string | null;
}
export interface LocationRow {
  id: string;
  name: string;
  code: string;
  kind: "WAREHOUSE" | "ZONE" | "SHELF";
  parentId: string | null;
  warehouseId: string;
}
export interface ProductRow {
  id: string;
  code: string;
  name: string;
  description: string;
  categoryId: string;
  tracking: "SERIALIZED" | "BULK" | "CONSUMABLE";
  dayRateMinor: number;
  replacementMinor: number;
  weightGrams: number;
  tags: string[];
  /** Relative share of the serialized units (0 for bulk and consumables). */
  weight: number;
  /** The model this product is or belongs to ("Robe MegaPointe" for its road case too). */
  model: string;
  /** Asset tag prefix of its top category. */
  tagPrefix: string;
}
export interface CaseRow {
  id: string;
  code: string;
  name: string;
  kind: "PERMANENT" | "TEMPORARY";
  locationId: string;
}
export interface AssetRow {
  id: string;
  productId: string;
  tag: string;
  serialNumber: string;
  status: "AVAILABLE" | "CHECKED_OUT" | "IN_MAINTENANCE" | "DAMAGED" | "LOST" | "RETIRED";
  locationId: string;
  caseId: string | null;
  purchaseDate: string;
  purchaseCostMinor: number;
}
export interface KitRow {
  id: string;
  code: string;
  name: string;
  description: string;
  items: { productId: string; quantity: number; optional: boolean }[];
}
export interface StockRow {
  productId: string;
  locationId: string;
  quantity: number;
}

export interface Catalogue {
  categories: CategoryRow[];
  locations: LocationRow[];
  products: ProductRow[];
  cases: CaseRow[];
  assets: AssetRow[];
  kits: KitRow[];
  stock: StockRow[];
}

/** mulberry32: small, fast, good enough to spread test data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable uuid (v4 layout) from a name, so reruns produce the same ids. */
function uuid(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Family {
  top: string;
  sub: string;
  code: string;
  tags: string[];
  /** Kind of thing, for descriptions. */
  noun: string;
  models: string[];
  /** Accessory variants sold/rented with each model. */
  variants: string[];
}

const tagPrefixes: Record<string, string> = {
  Lighting: "LX",
  Audio: "AU",
  Video: "VI",
  Rigging: "RG",
  Power: "PW",
  Staging: "ST",
  Effects: "FX",
  Backline: "BL",
  Cables: "CB",
  Consumables: "CS",
};

const deviceVariants = ["road case", "flight case (2x)", "rain cover", "spare parts kit", "mounting bracket", "dust cover", "power cable set", "service manual"];

const families: Family[] = [
  {
    top: "Lighting", sub: "Moving heads", code: "MH", tags: ["lighting", "moving-head"], noun: "Moving head", variants: deviceVariants,
    models: ["Robe MegaPointe", "Robe BMFL Spot", "Robe BMFL WashBeam", "Robe Spiider", "Robe Esprite", "Robe Forte", "Robe LEDBeam 150", "Robe Pointe", "Robe T1 Profile", "Robe Tetra2",
      "Martin MAC Aura XB", "Martin MAC Viper Profile", "Martin MAC Encore Performance", "Martin MAC Ultra Performance", "Martin MAC Quantum Wash", "Clay Paky Sharpy", "Clay Paky Sharpy Plus",
      "Clay Paky Mythos 2", "Clay Paky Scenius Unico", "Clay Paky Xtylos", "Ayrton Khamsin", "Ayrton Perseo", "Ayrton Diablo", "Ayrton MagicPanel FX", "Ayrton Ghibli", "GLP impression X4 Bar 20",
      "GLP impression X5", "GLP JDC1", "Chauvet Rogue R2 Wash", "Chauvet Maverick Storm 1 Wash", "Elation Proteus Maverick", "Elation Artiste Monet", "Vari-Lite VL3600 Profile",
      "High End SolaFrame 2000", "Moving Head Spot 575", "Moving Head Wash 19x15W"],
  },
  {
    top: "Lighting", sub: "LED fixtures", code: "LED", tags: ["lighting", "led"], noun: "LED fixture", variants: deviceVariants,
    models: ["ETC Source Four LED Series 3", "Chauvet COLORado 2 Solo", "Astera AX1 PixelTube", "Astera Titan Tube", "Astera HydraPanel", "SGM P-5", "SGM Q-7", "Showtec Sunstrip Active",
      "Martin Atomic 3000 LED", "Par LED 18x10W RGBW", "Par 64 LED", "Chroma-Q Color Force II 72", "ETC ColorSource Cyc", "Ayrton LumiBar", "Elation SixBar 1000"],
  },
  {
    top: "Lighting", sub: "Conventional", code: "CONV", tags: ["lighting", "tungsten"], noun: "Conventional fixture", variants: deviceVariants,
    models: ["ETC Source Four 750W 26°", "ETC Source Four 750W 36°", "ETC Source Four 750W 50°", "Robert Juliat 614SX", "Robert Juliat Cyrano", "Par 64 CP62", "Fresnel 2kW", "Fresnel 1kW",
      "Blinder 2-lite", "Blinder 4-lite", "Molefay 8-lite"],
  },
  {
    top: "Lighting", sub: "Control", code: "CTL", tags: ["lighting", "control"], noun: "Lighting control", variants: deviceVariants,
    models: ["grandMA3 full-size", "grandMA3 light", "grandMA3 compact XT", "ETC Eos Apex 10", "ETC Ion Xe 20", "Chamsys MagicQ MQ500M", "Luminex GigaCore 16Xt", "Luminex LumiNode 12",
      "DMX splitter 8-way", "Swisson XND-8"],
  },
  {
    top: "Audio", sub: "Microphones", code: "MIC", tags: ["audio", "microphone"], noun: "Microphone", variants: ["clip", "windscreen", "shock mount", "case", "spare capsule", "pop filter", "cable set", "stand adapter"],
    models: ["Shure SM58", "Shure SM57", "Shure Beta 58A", "Shure Beta 52A", "Shure Beta 91A", "Shure Beta 98A", "Shure KSM9", "Sennheiser e935", "Sennheiser e945", "Sennheiser e604",
      "Sennheiser e906", "Sennheiser MD 421-II", "Sennheiser MKH 416", "Neumann KM 184", "Neumann KMS 105", "AKG C414 XLS", "AKG C451 B", "Audio-Technica AT4050", "DPA 4099", "DPA 4088",
      "Rode NTG3", "Electro-Voice RE20"],
  },
  {
    top: "Audio", sub: "Wireless", code: "RF", tags: ["audio", "wireless"], noun: "Wireless system", variants: deviceVariants,
    models: ["Shure ULXD4Q", "Shure ULXD2/B58", "Shure ULXD1", "Shure Axient AD4Q", "Shure PSM1000 P10T", "Shure P10R+", "Sennheiser EW 100 G4", "Sennheiser EW-DX EM 4", "Sennheiser SK 6000",
      "Sennheiser EK 2000 IEM", "Wisycom MTP60", "Lectrosonics SSM"],
  },
  {
    top: "Audio", sub: "Loudspeakers", code: "SPK", tags: ["audio", "speaker"], noun: "Loudspeaker", variants: deviceVariants,
    models: ["d&b audiotechnik KSL8", "d&b audiotechnik GSL8", "d&b audiotechnik V8", "d&b audiotechnik Y10P", "d&b audiotechnik E8", "d&b audiotechnik M4", "d&b audiotechnik SL-SUB",
      "d&b audiotechnik B22-SUB", "L-Acoustics K2", "L-Acoustics Kara II", "L-Acoustics KS28", "L-Acoustics X15 HiQ", "L-Acoustics X12", "L-Acoustics Syva", "Meyer Sound LEOPARD",
      "Meyer Sound 900-LFC", "Meyer Sound UPQ-D1", "Adamson E15", "Martin Audio WPC", "RCF HDL 30-A", "QSC K12.2", "JBL VTX A12"],
  },
  {
    top: "Audio", sub: "Amplifiers", code: "AMP", tags: ["audio", "amplifier"], noun: "Amplifier", variants: deviceVariants,
    models: ["d&b audiotechnik D80", "d&b audiotechnik D20", "L-Acoustics LA12X", "L-Acoustics LA4X", "Powersoft X8", "Lab.gruppen PLM 20K44"],
  },
  {
    top: "Audio", sub: "Mixing consoles", code: "MIX", tags: ["audio", "console"], noun: "Mixing console", variants: deviceVariants,
    models: ["DiGiCo SD7 Quantum", "DiGiCo SD12", "DiGiCo Quantum 338", "Yamaha CL5", "Yamaha QL1", "Yamaha Rivage PM10", "Allen & Heath dLive S7000", "Allen & Heath SQ-6", "Midas PRO X",
      "Midas M32", "Avid S6L-32D", "Behringer X32"],
  },
  {
    top: "Audio", sub: "Stage boxes", code: "SBX", tags: ["audio", "stagebox"], noun: "Stage box", variants: deviceVariants,
    models: ["DiGiCo SD-Rack", "Yamaha Rio3224-D2", "Allen & Heath DX168", "Midas DL32", "RME MADIface XT", "Focusrite RedNet MP8R", "Klark Teknik DN9650"],
  },
  {
    top: "Video", sub: "LED walls", code: "LEDW", tags: ["video", "led-wall"], noun: "LED wall panel", variants: deviceVariants,
    models: ["ROE Visual Black Pearl BP2V2", "ROE Visual Carbon CB5", "Absen PL2.5 Pro", "INFiLED AR3.9", "Unilumin Upad III 2.6"],
  },
  {
    top: "Video", sub: "Projectors", code: "PRJ", tags: ["video", "projector"], noun: "Projector", variants: deviceVariants,
    models: ["Panasonic PT-RQ35K", "Panasonic PT-RZ21K", "Barco UDX-4K32", "Barco G62-W11", "Christie Griffyn 4K35", "Epson EB-PU2220B"],
  },
  {
    top: "Video", sub: "Media servers and switchers", code: "MSV", tags: ["video", "media-server"], noun: "Video processor", variants: deviceVariants,
    models: ["disguise vx 4+", "disguise rx II", "Barco E2 Gen 2", "Barco S3-4K", "Blackmagic ATEM Constellation 8K", "Blackmagic ATEM 2 M/E", "Analog Way Aquilon RS4", "Resolume Arena Server"],
  },
  {
    top: "Video", sub: "Cameras", code: "CAM", tags: ["video", "camera"], noun: "Camera", variants: deviceVariants,
    models: ["Sony HDC-3500", "Sony PXW-Z750", "Panasonic AW-UE150", "Blackmagic URSA Broadcast G2", "Canon XF605"],
  },
  {
    top: "Rigging", sub: "Hoists", code: "HST", tags: ["rigging", "hoist"], noun: "Chain hoist", variants: deviceVariants,
    models: ["Liftket D8+ 500kg", "Liftket D8+ 1000kg", "Liftket D8 250kg", "CM Lodestar 1t", "CM Lodestar 500kg", "Chainmaster BGV-D8+ 500kg", "Kinesys Elevation 1+"],
  },
  {
    top: "Power", sub: "Distribution", code: "PWR", tags: ["power", "distro"], noun: "Power distribution", variants: deviceVariants,
    models: ["Power distro 63A to 6x16A", "Power distro 125A to 2x63A", "Power distro 32A to 6x16A", "Power distro 400A main", "Socapex breakout 6x Schuko", "Socapex breakout 6x PowerCON",
      "Motor controller 8-way D8+", "UPS 3kVA rack"],
  },
  {
    top: "Staging", sub: "Decks and risers", code: "STG", tags: ["staging"], noun: "Staging", variants: ["transport cart", "skirt black", "leg set 40 cm", "leg set 60 cm", "leg set 80 cm", "connector clamp", "carpet cover", "edge marking"],
    models: ["Litedeck 8x4 ft", "Litedeck 8x2 ft", "Layher stage deck 2x1 m", "Nivtec stage deck 2x1 m", "Stairs 3-step", "Handrail 2 m", "Drum riser rolling 8x8 ft"],
  },
  {
    top: "Effects", sub: "Haze and smoke", code: "SFX", tags: ["effects", "haze"], noun: "Effect machine", variants: deviceVariants,
    models: ["MDG theONE", "MDG ATMe", "Look Solutions Unique 2.1", "Look Solutions Viper NT", "Antari HZ-500", "Le Maitre Neutron Hazer", "Magic FX Stadium Shot II", "Magic FX CO2 Jet",
      "Swefog Ultimate 2000"],
  },
  {
    top: "Backline", sub: "Instruments and amps", code: "BKL", tags: ["backline"], noun: "Backline", variants: deviceVariants,
    models: ["Fender Twin Reverb", "Marshall JCM800 2203", "Marshall 1960A cabinet", "Ampeg SVT-CL", "Ampeg SVT-810E", "Orange Rockerverb 50", "Vox AC30", "Roland JC-120",
      "Yamaha Stage Custom drum kit", "DW Collector's drum kit", "Nord Stage 4 88", "Yamaha CP88", "Roland RD-2000", "Hammond XK-5", "Pioneer DJ CDJ-3000", "Pioneer DJ DJM-A9",
      "Technics SL-1210 MK7"],
  },
];

const cableTypes = ["Socapex 19-pin", "Schuko extension", "PowerCON True1", "PowerCON 20A", "CEE 16A 3-pin", "CEE 32A 5-pin", "CEE 63A 5-pin", "CEE 125A 5-pin", "Powerlock 400A set",
  "XLR 3-pin mic cable", "XLR 5-pin DMX cable", "DMX 3-pin", "etherCON CAT6", "etherCON CAT5e", "Fibre opticalCON Quad", "Fibre LC-LC duplex", "SDI 12G BNC", "HDMI 2.0", "Speakon NL4",
  "Speakon NL8", "Harting 16-pin multicore", "Harting 24-pin multicore", "Socapex 19-pin fan-out", "BNC coax", "Jack 6.3 mm instrument", "Steel wire rope 6mm", "Motor cable CEE 16A 4-pin",
  "Multicore 24/8 stage snake", "USB-C to USB-C", "Toslink optical"];
const cableLengths = ["0.5m", "1m", "1.5m", "2m", "3m", "5m", "10m", "15m", "20m", "25m", "30m", "50m"];
const trussSystems = ["Prolyte H30V", "Prolyte H40V", "Prolyte X30D", "Global Truss F34", "Global Truss F44P", "Eurotruss FD34", "Litec QX30SA", "Tomcat Medium Duty 12x12"];
const trussPieces = ["0.5m", "1m", "1.5m", "2m", "2.5m", "3m", "4m", "corner 2-way 90°", "corner 3-way", "corner 4-way T", "corner 6-way cross", "base plate", "hinge", "sleeve block"];
const consumables = ["Gaffa tape 50mm black", "Gaffa tape 50mm white", "Gaffa tape 25mm black", "Spike tape 12mm (set of colours)", "Duct tape silver", "AA batteries (box of 24)",
  "AAA batteries (box of 24)", "9V batteries (box of 12)", "Cable ties 300mm (100)", "Cable ties 200mm (100)", "Velcro cable wrap 20cm", "Haze fluid 5L", "Smoke fluid 5L", "Isopropyl alcohol 1L",
  "Lamp HMI 575W", "Lamp MSD 700W", "Fuse 16A", "Gel sheet Lee 201", "Gel sheet Lee 106", "Gel sheet Rosco 3202", "Black molton (per m)", "Pyro cartridge", "CO2 cylinder 12kg",
  "Cleaning cloths (pack)"];

const warehouses = ["Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt"];

const caseTemplates: { name: string; kind: "PERMANENT" | "TEMPORARY" }[] = [
  { name: "Amp Rack", kind: "PERMANENT" },
  { name: "Cable Trunk", kind: "TEMPORARY" },
  { name: "Mic Case", kind: "PERMANENT" },
  { name: "Distro Rack", kind: "PERMANENT" },
  { name: "Video Rack", kind: "PERMANENT" },
  { name: "Workbox", kind: "TEMPORARY" },
  { name: "Dolly", kind: "TEMPORARY" },
  { name: "Truss Dolly", kind: "TEMPORARY" },
  { name: "Moving Head Case 2x", kind: "PERMANENT" },
  { name: "IEM Rack", kind: "PERMANENT" },
];

const kitNames = ["DJ Booth Package", "Conference Audio Small", "Conference Audio Large", "Wedding Uplight Package", "Band Backline Basic", "Stage Wash Package", "Keynote Video Package",
  "Club Sound 2x12", "Festival Monitor World", "Hybrid Meeting Kit", "Vocal Mic Kit", "Drum Mic Kit", "Followspot Package", "Truss Goalpost 6m", "Panel Discussion Kit", "Silent Disco Kit",
  "Podcast Studio Kit", "Outdoor PA Package", "Fashion Show Lighting", "Corporate Gala Package"];
const kitSizes = ["S", "M", "L", "XL", "Plus"];

function status(r: number): AssetRow["status"] {
  if (r < 0.85) return "AVAILABLE";
  if (r < 0.93) return "CHECKED_OUT";
  if (r < 0.96) return "IN_MAINTENANCE";
  if (r < 0.98) return "DAMAGED";
  if (r < 0.99) return "LOST";
  return "RETIRED";
}

/** Builds the catalogue; products come from the lists above (about 2,500), the rest from `sizes`. */
export function generateCatalogue(sizes: Sizes, seed = 20_260_301): Catalogue {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rnd() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));

  // Categories: top level and one level below.
  const categories: CategoryRow[] = [];
  const categoryId = new Map<string, string>();
  const category = (top: string, sub?: string): string => {
    const key = sub ? `${top}/${sub}` : top;
    const known = categoryId.get(key);
    if (known) return known;
    const parentId = sub ? category(top) : null;
    const id = uuid(`category:${key}`);
    categories.push({ id, name: sub ?? top, parentId });
    categoryId.set(key, id);
    return id;
  };

  // 5 warehouses × (1 + 3 zones + 6 shelves) = 50 locations.
  const locations: LocationRow[] = [];
  for (const city of warehouses) {
    const code = city.slice(0, 3).toUpperCase();
    const wh = uuid(`location:${code}`);
    locations.push({ id: wh, name: `${city} warehouse`, code, kind: "WAREHOUSE", parentId: null, warehouseId: wh });
    for (const zone of ["A", "B", "C"]) {
      const zid = uuid(`location:${code}-${zone}`);
      locations.push({ id: zid, name: `${city} zone ${zone}`, code: `${code}-${zone}`, kind: "ZONE", parentId: wh, warehouseId: wh });
      for (const shelf of zone === "C" ? [] : ["01", "02", "03"]) {
        locations.push({ id: uuid(`location:${code}-${zone}-${shelf}`), name: `${city} shelf ${zone}${shelf}`, code: `${code}-${zone}-${shelf}`, kind: "SHELF", parentId: zid, warehouseId: wh });
      }
    }
  }

  const products: ProductRow[] = [];
  const codeSeq = new Map<string, number>();
  const addProduct = (p: Omit<ProductRow, "id" | "code" | "dayRateMinor" | "replacementMinor" | "weightGrams" | "tagPrefix"> & { code: string; top: string; price: number }) => {
    const n = (codeSeq.get(p.code) ?? 0) + 1;
    codeSeq.set(p.code, n);
    const code = `${p.code}${String(n).padStart(4, "0")}`;
    products.push({
      id: uuid(`product:${code}`),
      code,
      name: p.name,
      description: p.description,
      categoryId: p.categoryId,
      tracking: p.tracking,
      dayRateMinor: p.price,
      replacementMinor: p.price * int(15, 40),
      weightGrams: int(200, 60_000),
      tags: p.tags,
      weight: p.weight,
      model: p.model,
      tagPrefix: tagPrefixes[p.top] ?? "EK",
    });
  };
  for (const family of families) {
    const categoryOf = category(family.top, family.sub);
    for (const model of family.models) {
      const price = int(5, 400) * 100;
      addProduct({ code: family.code, top: family.top, name: model, model, description: `${family.noun}: ${model}`, categoryId: categoryOf, tracking: "SERIALIZED", tags: family.tags, weight: 0.2 + rnd() ** 3 * 40, price });
      for (const variant of family.variants) {
        const serialized = /case|cart|dolly/i.test(variant);
        addProduct({
          code: family.code,
          top: family.top,
          name: `${model} ${variant}`,
          model,
          description: `${variant} for ${model}`,
          categoryId: categoryOf,
          tracking: serialized ? "SERIALIZED" : "BULK",
          tags: [...family.tags, "accessory"],
          weight: serialized ? 0.05 + rnd() : 0,
          price: Math.max(100, Math.round(price / 20)),
        });
      }
    }
  }
  const cables = category("Cables", "Power and signal cables");
  for (const type of cableTypes) {
    for (const length of cableLengths) {
      addProduct({ code: "CAB", top: "Cables", name: `${type} ${length}`, model: type, description: `${type} cable, ${length}`, categoryId: cables, tracking: "BULK", tags: ["cable"], weight: 0, price: int(1, 20) * 100 });
    }
  }
  const truss = category("Rigging", "Truss");
  for (const system of trussSystems) {
    for (const piece of trussPieces) {
      addProduct({ code: "TRS", top: "Rigging", name: `${system} ${piece}`, model: system, description: `${system} truss, ${piece}`, categoryId: truss, tracking: "SERIALIZED", tags: ["rigging", "truss"], weight: 0.5 + rnd() * 3, price: int(5, 30) * 100 });
    }
  }
  const consumable = category("Consumables", "Tape, batteries and fluids");
  for (const name of consumables) {
    addProduct({ code: "CON", top: "Consumables", name, model: name, description: name, categoryId: consumable, tracking: "CONSUMABLE", tags: ["consumable"], weight: 0, price: int(1, 30) * 100 });
  }

  // Cases, spread over the locations.
  const cases: CaseRow[] = [];
  const caseCount = new Map<string, number>();
  for (let i = 0; i < sizes.cases; i += 1) {
    const template = pick(caseTemplates);
    const n = (caseCount.get(template.name) ?? 0) + 1;
    caseCount.set(template.name, n);
    const code = `CASE-${String(i + 1).padStart(5, "0")}`;
    cases.push({ id: uuid(`case:${code}`), code, name: `${template.name} ${n}`, kind: template.kind, locationId: pick(locations).id });
  }

  // Assets: each serialized product's share of the units by its weight.
  const serialized = products.filter((p) => p.tracking === "SERIALIZED");
  const totalWeight = serialized.reduce((sum, p) => sum + p.weight, 0);
  const assets: AssetRow[] = [];
  const tagSeq = new Map<string, number>();
  let remaining = sizes.assets;
  serialized.forEach((product, index) => {
    const count = index === serialized.length - 1 ? remaining : Math.min(remaining, Math.round((product.weight / totalWeight) * sizes.assets));
    remaining -= count;
    const brand = product.model.replace(/[^A-Za-z]/g, "").slice(0, 2).toUpperCase() || "XX";
    for (let k = 0; k < count; k += 1) {
      const n = (tagSeq.get(product.tagPrefix) ?? 0) + 1;
      tagSeq.set(product.tagPrefix, n);
      const tag = `${product.tagPrefix}-${String(n).padStart(6, "0")}`;
      const year = int(2012, 2025);
      // Serial numbers: most units have one; unique through a bijective hash of the running number.
      const serialNumber = rnd() < 0.8 ? `${brand}${String(year).slice(2)}${(Math.imul(assets.length + 1, 2654435761) >>> 0).toString(36).toUpperCase().padStart(7, "0")}` : "";
      const packed = rnd() < 0.08 ? pick(cases) : undefined;
      assets.push({
        id: uuid(`asset:${tag}`),
        productId: product.id,
        tag,
        serialNumber,
        status: status(rnd()),
        locationId: packed ? packed.locationId : pick(locations).id,
        caseId: packed ? packed.id : null,
        purchaseDate: `${year}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`,
        purchaseCostMinor: product.replacementMinor,
      });
    }
  });

  const kits: KitRow[] = [];
  for (let i = 0; i < sizes.kits; i += 1) {
    const base = kitNames[i % kitNames.length] ?? "Kit";
    const size = kitSizes[Math.floor(i / kitNames.length) % kitSizes.length] ?? "";
    const round = Math.floor(i / (kitNames.length * kitSizes.length));
    const name = `${base} ${size}${round > 0 ? ` ${round + 1}` : ""}`;
    const code = `KIT-${String(i + 1).padStart(3, "0")}`;
    const items = new Map<string, { productId: string; quantity: number; optional: boolean }>();
    for (let k = int(3, 8); k > 0; k -= 1) {
      const product = pick(products);
      items.set(product.id, { productId: product.id, quantity: int(1, 12), optional: rnd() < 0.2 });
    }
    kits.push({ id: uuid(`kit:${code}`), code, name, description: `${name}: ${items.size} lines`, items: [...items.values()] });
  }

  const stock: StockRow[] = [];
  const warehouseIds = locations.filter((l) => l.kind === "WAREHOUSE").map((l) => l.id);
  for (const product of products.filter((p) => p.tracking !== "SERIALIZED")) {
    for (const locationId of warehouseIds) if (rnd() < 0.6) stock.push({ productId: product.id, locationId, quantity: int(0, 400) });
  }

  return { categories, locations, products, cases, assets, kits, stock };
}

// --- queries ---------------------------------------------------------------------

export type QueryClass = "exact tag" | "tag prefix" | "tag number" | "serial number" | "partial name" | "misspelled name" | "case or kit name";

export interface BenchQuery {
  class: QueryClass;
  query: string;
  /** What a good search shows in its first five hits (by id); undefined when many things qualify equally. */
  expectId?: string;
}

/** Swaps two neighbouring letters inside the longest word: the commonest typo. */
function misspell(name: string, rnd: () => number): string | undefined {
  const words = name.split(" ");
  let longest = -1;
  words.forEach((w, i) => {
    if (/^[A-Za-z]{5,}$/.test(w) && (longest < 0 || w.length > (words[longest]?.length ?? 0))) longest = i;
  });
  const word = words[longest];
  if (word === undefined) return undefined;
  const at = 1 + Math.floor(rnd() * (word.length - 3));
  words[longest] = word.slice(0, at) + (word[at + 1] ?? "") + (word[at] ?? "") + word.slice(at + 2);
  return words.join(" ").toLowerCase();
}

/** `perClass` queries of each class, drawn from the catalogue. */
export function benchQueries(catalogue: Catalogue, perClass: number, seed = 7): BenchQuery[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(rnd() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  const models = catalogue.products.filter((p) => p.name === p.model && p.tracking === "SERIALIZED");
  const withSerial = catalogue.assets.filter((a) => a.serialNumber !== "");
  const queries: BenchQuery[] = [];
  for (let i = 0; i < perClass; i += 1) {
    const asset = pick(catalogue.assets);
    queries.push({ class: "exact tag", query: rnd() < 0.5 ? asset.tag : asset.tag.toLowerCase(), expectId: asset.id });
    queries.push({ class: "tag prefix", query: pick(catalogue.assets).tag.slice(0, -2) });
    const numbered = pick(catalogue.assets);
    queries.push({ class: "tag number", query: numbered.tag.slice(-5), expectId: numbered.id });
    const serial = pick(withSerial);
    queries.push({ class: "serial number", query: serial.serialNumber, expectId: serial.id });
    const model = pick(models);
    const words = model.name.split(" ");
    const partial = words.length > 1 ? `${words.slice(0, -1).join(" ")} ${(words.at(-1) ?? "").slice(0, 4)}` : model.name.slice(0, 5);
    queries.push({ class: "partial name", query: partial.toLowerCase(), expectId: model.id });
    let typo: string | undefined;
    let typoModel = model;
    for (let tries = 0; typo === undefined && tries < 20; tries += 1) {
      typoModel = pick(models);
      typo = misspell(typoModel.name, rnd);
    }
    queries.push({ class: "misspelled name", query: typo ?? typoModel.name, expectId: typoModel.id });
    const named = rnd() < 0.7 ? pick(catalogue.cases) : pick(catalogue.kits);
    queries.push({ class: "case or kit name", query: named.name.toLowerCase(), expectId: named.id });
  }
  return queries;
}
