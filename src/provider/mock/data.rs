//! The hand-written tables the sample catalog is generated from.
//!
//! Everything here is plain data: the three-level category tree and, for each leaf category, the
//! words its product titles are made of, a realistic price band, a typical weight and the unit it
//! is sold by; the suppliers of each top-level category; and the variant axes (colour, size …)
//! SKUs are built from. Text comes in (Chinese, English) pairs because 1688 data is Chinese and
//! the storefront shows both.
//!
//! The big tables are laid out by hand (`rustfmt::skip`) so that one leaf category reads as one
//! short block.

/// A (Chinese, English) pair.
pub(super) type Pair = (&'static str, &'static str);

/// A title descriptor and the material it implies: (title zh, title en, material zh, material en),
/// e.g. ("防摔硅胶", "Shockproof Silicone", "硅胶", "Silicone").
pub(super) type Material = (&'static str, &'static str, &'static str, &'static str);

/// A supplier as written in the table; years, rating and badges are generated.
#[derive(Debug)]
pub(super) struct SupplierSeed {
    pub name: &'static str,
    pub name_en: &'static str,
    /// Where the goods come from, for the 产地 (Origin) specification.
    pub place: Pair,
    /// The supplier's own brand, for the 品牌 (Brand) specification.
    pub brand: Pair,
}

/// The unit a product is priced and ordered by, in English because most shoppers read English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Piece,
    Pair,
    Set,
    Pack,
    Meter,
    Box,
    Roll,
    Bottle,
}

impl Unit {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Unit::Piece => "piece",
            Unit::Pair => "pair",
            Unit::Set => "set",
            Unit::Pack => "pack",
            Unit::Meter => "meter",
            Unit::Box => "box",
            Unit::Roll => "roll",
            Unit::Bottle => "bottle",
        }
    }

    /// "1 piece", "10 boxes".
    pub(super) fn count(self, quantity: u32) -> String {
        let word = self.as_str();
        match (quantity, self) {
            (1, _) => format!("1 {word}"),
            (_, Unit::Box) => format!("{quantity} boxes"),
            _ => format!("{quantity} {word}s"),
        }
    }
}

/// The shape drawn on a category's placeholder images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Icon {
    Circle,
    Square,
    Diamond,
    Triangle,
    Hexagon,
    Ring,
}

/// One dimension SKUs vary along, e.g. 颜色 (Color) with its possible values.
#[derive(Debug)]
pub(super) struct Axis {
    pub name: &'static str,
    pub name_en: &'static str,
    /// Whether later values cost more (bigger capacity, larger set), as on 1688.
    pub priced: bool,
    pub values: &'static [Pair],
}

#[derive(Debug)]
pub(super) struct TopCategory {
    /// A 7-digit id, as 1688's top-level ids look.
    pub id: u64,
    pub name: &'static str,
    pub name_en: &'static str,
    /// Base hue (degrees) of this category's placeholder images.
    pub hue: u16,
    pub icon: Icon,
    /// Words that open titles in this trade, e.g. ("2024新款", "2024 New").
    pub modifiers: &'static [Pair],
    /// Ordered so that supplier `i` mostly sells in sub-category `i`.
    pub suppliers: &'static [SupplierSeed],
    pub subs: &'static [SubCategory],
}

#[derive(Debug)]
pub(super) struct SubCategory {
    pub name: &'static str,
    pub name_en: &'static str,
    pub leaves: &'static [Leaf],
}

/// A third-level category and what its products are made of.
#[derive(Debug)]
pub(super) struct Leaf {
    pub name: &'static str,
    pub name_en: &'static str,
    pub unit: Unit,
    /// Unit price at the minimum order, in fen (1/100 yuan), inclusive range.
    pub price_fen: (u32, u32),
    /// Typical weight of one unit, in grams.
    pub weight_g: u32,
    /// The product nouns of titles; the English one also labels placeholder images.
    pub nouns: &'static [Pair],
    pub materials: &'static [Material],
    /// What the product is for, appended to titles ("适用iPhone15", "for iPhone 15"); may be empty.
    pub uses: &'static [Pair],
    /// The axes SKUs vary along (at most two).
    pub variants: &'static [&'static Axis],
}

/// Words 1688 sellers end titles with.
pub(super) static TITLE_ENDINGS: &[Pair] = &[
    ("批发", "Wholesale"),
    ("一件代发", "Dropshipping"),
    ("厂家直销", "Factory Direct"),
    ("现货", "In Stock"),
];

/// How goods are packed, for the 包装 (Packaging) specification.
pub(super) static PACKAGING: &[Pair] = &[
    ("OPP袋", "OPP bag"),
    ("彩盒", "Color box"),
    ("白盒", "White box"),
    ("纸箱", "Carton"),
    ("自封袋", "Zip bag"),
];

// ---------------------------------------------------------------------------------------------
// Variant axes
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
pub(super) static COLOR: Axis = Axis { name: "颜色", name_en: "Color", priced: false, values: &[
    ("黑色", "Black"), ("白色", "White"), ("红色", "Red"), ("粉色", "Pink"), ("天蓝色", "Sky blue"),
    ("墨绿色", "Dark green"), ("灰色", "Gray"), ("米白色", "Off-white"), ("卡其色", "Khaki"), ("紫色", "Purple"),
] };

#[rustfmt::skip]
pub(super) static METAL_COLOR: Axis = Axis { name: "颜色", name_en: "Color", priced: false, values: &[
    ("金色", "Gold"), ("银色", "Silver"), ("玫瑰金", "Rose gold"), ("黑色", "Black"),
] };

#[rustfmt::skip]
pub(super) static LIGHT_COLOR: Axis = Axis { name: "光色", name_en: "Light color", priced: false, values: &[
    ("白光", "Cool white"), ("暖光", "Warm white"), ("中性光", "Neutral white"), ("七彩", "RGB"),
] };

#[rustfmt::skip]
pub(super) static CLOTHING_SIZE: Axis = Axis { name: "尺码", name_en: "Size", priced: false, values: &[
    ("S", "S"), ("M", "M"), ("L", "L"), ("XL", "XL"), ("2XL", "2XL"), ("3XL", "3XL"),
] };

#[rustfmt::skip]
pub(super) static KIDS_SIZE: Axis = Axis { name: "尺码", name_en: "Size", priced: false, values: &[
    ("90码", "90 cm"), ("100码", "100 cm"), ("110码", "110 cm"), ("120码", "120 cm"), ("130码", "130 cm"),
    ("140码", "140 cm"),
] };

#[rustfmt::skip]
pub(super) static BABY_SIZE: Axis = Axis { name: "尺码", name_en: "Size", priced: false, values: &[
    ("59码", "0-3 months"), ("66码", "3-6 months"), ("73码", "6-9 months"), ("80码", "9-12 months"),
    ("90码", "12-18 months"),
] };

#[rustfmt::skip]
pub(super) static SHOE_SIZE: Axis = Axis { name: "尺码", name_en: "Size (EU)", priced: false, values: &[
    ("35", "35"), ("36", "36"), ("37", "37"), ("38", "38"), ("39", "39"), ("40", "40"), ("41", "41"),
    ("42", "42"), ("43", "43"), ("44", "44"),
] };

#[rustfmt::skip]
pub(super) static PET_SIZE: Axis = Axis { name: "尺码", name_en: "Size", priced: true, values: &[
    ("S码", "S"), ("M码", "M"), ("L码", "L"), ("XL码", "XL"),
] };

#[rustfmt::skip]
pub(super) static PHONE_MODEL: Axis = Axis { name: "适用型号", name_en: "Compatible model", priced: false, values: &[
    ("iPhone 15", "iPhone 15"), ("iPhone 15 Pro Max", "iPhone 15 Pro Max"), ("iPhone 14", "iPhone 14"),
    ("华为Mate60 Pro", "Huawei Mate 60 Pro"), ("小米14", "Xiaomi 14"), ("OPPO Reno11", "OPPO Reno11"),
    ("vivo X100", "vivo X100"),
] };

#[rustfmt::skip]
pub(super) static STORAGE: Axis = Axis { name: "存储容量", name_en: "Storage", priced: true, values: &[
    ("8GB+128GB", "8 GB + 128 GB"), ("8GB+256GB", "8 GB + 256 GB"), ("12GB+256GB", "12 GB + 256 GB"),
    ("12GB+512GB", "12 GB + 512 GB"),
] };

#[rustfmt::skip]
pub(super) static CAPACITY: Axis = Axis { name: "容量", name_en: "Capacity", priced: true, values: &[
    ("350ml", "350 ml"), ("500ml", "500 ml"), ("750ml", "750 ml"), ("1000ml", "1000 ml"),
] };

#[rustfmt::skip]
pub(super) static BOTTLE_CAPACITY: Axis = Axis { name: "容量", name_en: "Capacity", priced: true, values: &[
    ("150ml", "150 ml"), ("240ml", "240 ml"), ("300ml", "300 ml"),
] };

#[rustfmt::skip]
pub(super) static VOLUME: Axis = Axis { name: "净含量", name_en: "Net content", priced: true, values: &[
    ("30ml", "30 ml"), ("50ml", "50 ml"), ("100ml", "100 ml"), ("250ml", "250 ml"), ("500ml", "500 ml"),
] };

#[rustfmt::skip]
pub(super) static CABLE_LENGTH: Axis = Axis { name: "长度", name_en: "Length", priced: true, values: &[
    ("1米", "1 m"), ("1.5米", "1.5 m"), ("2米", "2 m"), ("3米", "3 m"),
] };

#[rustfmt::skip]
pub(super) static PLUG: Axis = Axis { name: "插头", name_en: "Plug", priced: false, values: &[
    ("国标", "CN plug"), ("美规", "US plug"), ("欧规", "EU plug"), ("英规", "UK plug"),
] };

#[rustfmt::skip]
pub(super) static POWER: Axis = Axis { name: "功率", name_en: "Power", priced: true, values: &[
    ("5W", "5 W"), ("9W", "9 W"), ("12W", "12 W"), ("18W", "18 W"), ("30W", "30 W"),
] };

#[rustfmt::skip]
pub(super) static VOLTAGE: Axis = Axis { name: "电压", name_en: "Voltage", priced: true, values: &[
    ("12V", "12 V"), ("16.8V", "16.8 V"), ("21V", "21 V"),
] };

#[rustfmt::skip]
pub(super) static CONNECTION: Axis = Axis { name: "连接方式", name_en: "Connection", priced: true, values: &[
    ("有线", "Wired"), ("无线2.4G", "2.4G wireless"), ("蓝牙", "Bluetooth"), ("三模", "Tri-mode"),
] };

#[rustfmt::skip]
pub(super) static FLASH_CAPACITY: Axis = Axis { name: "容量", name_en: "Capacity", priced: true, values: &[
    ("32GB", "32 GB"), ("64GB", "64 GB"), ("128GB", "128 GB"), ("256GB", "256 GB"),
] };

#[rustfmt::skip]
pub(super) static SSD_CAPACITY: Axis = Axis { name: "容量", name_en: "Capacity", priced: true, values: &[
    ("256GB", "256 GB"), ("512GB", "512 GB"), ("1TB", "1 TB"), ("2TB", "2 TB"),
] };

#[rustfmt::skip]
pub(super) static PACK: Axis = Axis { name: "规格", name_en: "Pack", priced: true, values: &[
    ("5个装", "Pack of 5"), ("10个装", "Pack of 10"), ("20个装", "Pack of 20"), ("50个装", "Pack of 50"),
] };

#[rustfmt::skip]
pub(super) static FILM_PACK: Axis = Axis { name: "规格", name_en: "Pack", priced: true, values: &[
    ("1片装", "1 film"), ("2片装", "2 films"), ("5片装", "5 films"),
] };

#[rustfmt::skip]
pub(super) static MASK_PACK: Axis = Axis { name: "规格", name_en: "Pack", priced: true, values: &[
    ("单片", "Single sheet"), ("10片/盒", "Box of 10"), ("30片/盒", "Box of 30"),
] };

#[rustfmt::skip]
pub(super) static STYLE: Axis = Axis { name: "款式", name_en: "Style", priced: true, values: &[
    ("基础款", "Basic"), ("升级款", "Upgraded"), ("豪华款", "Deluxe"), ("礼盒款", "Gift box"),
] };

#[rustfmt::skip]
pub(super) static SET_SIZE: Axis = Axis { name: "规格", name_en: "Set", priced: true, values: &[
    ("12件套", "12-piece set"), ("24件套", "24-piece set"), ("46件套", "46-piece set"), ("108件套", "108-piece set"),
] };

#[rustfmt::skip]
pub(super) static BRUSH_SET: Axis = Axis { name: "规格", name_en: "Set", priced: true, values: &[
    ("5支装", "5 brushes"), ("10支装", "10 brushes"), ("14支装", "14 brushes"),
] };

#[rustfmt::skip]
pub(super) static MARKER_SET: Axis = Axis { name: "色数", name_en: "Colors", priced: true, values: &[
    ("12色", "12 colors"), ("24色", "24 colors"), ("48色", "48 colors"), ("80色", "80 colors"),
] };

#[rustfmt::skip]
pub(super) static SHADE: Axis = Axis { name: "色号", name_en: "Shade", priced: false, values: &[
    ("#01 正红", "#01 True red"), ("#02 豆沙", "#02 Rosewood"), ("#03 枫叶红", "#03 Maple red"),
    ("#04 奶茶", "#04 Milk tea"), ("#05 酒红", "#05 Burgundy"),
] };

#[rustfmt::skip]
pub(super) static SCENT: Axis = Axis { name: "香型", name_en: "Scent", priced: false, values: &[
    ("古龙", "Cologne"), ("海洋", "Ocean"), ("桂花", "Osmanthus"), ("柠檬", "Lemon"),
] };

#[rustfmt::skip]
pub(super) static DIMENSION: Axis = Axis { name: "尺寸", name_en: "Size", priced: true, values: &[
    ("小号", "Small"), ("中号", "Medium"), ("大号", "Large"), ("特大号", "Extra large"),
] };

#[rustfmt::skip]
pub(super) static SUITCASE_SIZE: Axis = Axis { name: "尺寸", name_en: "Size", priced: true, values: &[
    ("20寸", "20 inch"), ("24寸", "24 inch"), ("26寸", "26 inch"), ("28寸", "28 inch"),
] };

#[rustfmt::skip]
pub(super) static BED_SIZE: Axis = Axis { name: "规格", name_en: "Bed size", priced: true, values: &[
    ("1.5米床", "1.5 m bed"), ("1.8米床", "1.8 m bed"), ("2.0米床", "2.0 m bed"),
] };

#[rustfmt::skip]
pub(super) static WOK_SIZE: Axis = Axis { name: "尺寸", name_en: "Diameter", priced: true, values: &[
    ("28cm", "28 cm"), ("30cm", "30 cm"), ("32cm", "32 cm"), ("34cm", "34 cm"),
] };

#[rustfmt::skip]
pub(super) static MAT_THICKNESS: Axis = Axis { name: "厚度", name_en: "Thickness", priced: true, values: &[
    ("6mm", "6 mm"), ("8mm", "8 mm"), ("10mm", "10 mm"), ("15mm", "15 mm"),
] };

#[rustfmt::skip]
pub(super) static DUMBBELL_WEIGHT: Axis = Axis { name: "重量", name_en: "Weight", priced: true, values: &[
    ("2kg", "2 kg"), ("5kg", "5 kg"), ("10kg", "10 kg"), ("20kg", "20 kg"),
] };

#[rustfmt::skip]
pub(super) static TENT_SIZE: Axis = Axis { name: "规格", name_en: "Capacity", priced: true, values: &[
    ("2人", "2 persons"), ("3-4人", "3-4 persons"), ("5-8人", "5-8 persons"),
] };

#[rustfmt::skip]
pub(super) static WRENCH_SIZE: Axis = Axis { name: "规格", name_en: "Size", priced: true, values: &[
    ("6寸", "6 inch"), ("8寸", "8 inch"), ("10寸", "10 inch"), ("12寸", "12 inch"),
] };

#[rustfmt::skip]
pub(super) static SCREW_SIZE: Axis = Axis { name: "规格", name_en: "Size", priced: true, values: &[
    ("M3x10", "M3 x 10"), ("M4x12", "M4 x 12"), ("M5x16", "M5 x 16"), ("M6x20", "M6 x 20"), ("M8x30", "M8 x 30"),
] };

#[rustfmt::skip]
pub(super) static PAPER_SIZE: Axis = Axis { name: "规格", name_en: "Paper size", priced: true, values: &[
    ("A6", "A6"), ("A5", "A5"), ("B5", "B5"), ("A4", "A4"),
] };

#[rustfmt::skip]
pub(super) static BAG_SIZE: Axis = Axis { name: "尺寸", name_en: "Size", priced: true, values: &[
    ("17x30cm", "17 x 30 cm"), ("25x35cm", "25 x 35 cm"), ("32x42cm", "32 x 42 cm"), ("38x52cm", "38 x 52 cm"),
] };

#[rustfmt::skip]
pub(super) static CARTON_SIZE: Axis = Axis { name: "尺寸", name_en: "Size", priced: true, values: &[
    ("7号 23x13x15cm", "No. 7 (23 x 13 x 15 cm)"), ("5号 29x17x19cm", "No. 5 (29 x 17 x 19 cm)"),
    ("3号 43x21x27cm", "No. 3 (43 x 21 x 27 cm)"), ("1号 53x29x37cm", "No. 1 (53 x 29 x 37 cm)"),
] };

#[rustfmt::skip]
pub(super) static TAPE_SIZE: Axis = Axis { name: "规格", name_en: "Size", priced: true, values: &[
    ("宽4.5cm 长100米", "4.5 cm x 100 m"), ("宽6cm 长100米", "6 cm x 100 m"), ("宽4.5cm 长200米", "4.5 cm x 200 m"),
] };

#[rustfmt::skip]
pub(super) static ROLL_WIDTH: Axis = Axis { name: "宽度", name_en: "Width", priced: true, values: &[
    ("30cm", "30 cm"), ("50cm", "50 cm"), ("80cm", "80 cm"), ("100cm", "100 cm"),
] };

// ---------------------------------------------------------------------------------------------
// The category tree
// ---------------------------------------------------------------------------------------------

#[rustfmt::skip]
pub(super) static CATALOG: &[TopCategory] = &[
    TopCategory {
        id: 1038378, name: "手机通讯", name_en: "Phones & Telecom", hue: 210, icon: Icon::Square,
        modifiers: &[("2024新款", "2024 New"), ("爆款", "Best-selling"), ("跨境", "Cross-border"), ("工厂直供", "Factory-direct")],
        suppliers: &[
            SupplierSeed { name: "深圳市酷派思电子有限公司", name_en: "Shenzhen Kupaisi Electronics Co., Ltd.",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("酷派思", "Kupaisi") },
            SupplierSeed { name: "东莞市优品数码配件有限公司", name_en: "Dongguan Youpin Digital Accessories Co., Ltd.",
                           place: ("广东东莞", "Dongguan, Guangdong"), brand: ("优品", "Youpin") },
            SupplierSeed { name: "深圳市华强创联科技有限公司", name_en: "Shenzhen Huaqiang Chuanglian Technology Co., Ltd.",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("创联", "Chuanglian") },
            SupplierSeed { name: "广州市越秀区联达通讯器材商行", name_en: "Guangzhou Yuexiu Lianda Telecom Equipment Store",
                           place: ("广东广州", "Guangzhou, Guangdong"), brand: ("联达", "Lianda") },
        ],
        subs: &[
            SubCategory { name: "手机配件", name_en: "Phone Accessories", leaves: &[
                Leaf { name: "手机壳", name_en: "Phone Cases", unit: Unit::Piece, price_fen: (150, 1_500), weight_g: 30,
                    nouns: &[("手机壳", "Phone Case"), ("手机保护套", "Phone Cover")],
                    materials: &[("防摔硅胶", "Shockproof Silicone", "硅胶", "Silicone"), ("透明TPU", "Clear TPU", "TPU", "TPU"),
                                 ("磨砂PC", "Matte PC", "PC", "Polycarbonate"), ("皮革翻盖", "Leather Flip", "PU皮革", "PU leather")],
                    uses: &[("适用iPhone15", "for iPhone 15"), ("适用华为Mate60", "for Huawei Mate 60"), ("适用小米14", "for Xiaomi 14")],
                    variants: &[&COLOR, &PHONE_MODEL] },
                Leaf { name: "手机支架", name_en: "Phone Holders", unit: Unit::Piece, price_fen: (280, 3_500), weight_g: 120,
                    nouns: &[("手机支架", "Phone Holder"), ("车载手机支架", "Car Phone Mount")],
                    materials: &[("铝合金折叠", "Foldable Aluminium", "铝合金", "Aluminium alloy"), ("磁吸", "Magnetic", "ABS+强磁", "ABS and magnet"),
                                 ("懒人", "Flexible", "ABS", "ABS plastic")],
                    uses: &[("桌面直播", "for Desks and Live Streaming"), ("汽车出风口", "for Car Air Vents")],
                    variants: &[&COLOR] },
                Leaf { name: "钢化膜", name_en: "Screen Protectors", unit: Unit::Piece, price_fen: (60, 450), weight_g: 15,
                    nouns: &[("钢化膜", "Screen Protector"), ("手机贴膜", "Tempered Glass Film")],
                    materials: &[("高清防爆", "HD Shatterproof", "钢化玻璃", "Tempered glass"), ("防窥", "Privacy", "钢化玻璃", "Tempered glass"),
                                 ("抗蓝光", "Anti-blue-light", "钢化玻璃", "Tempered glass")],
                    uses: &[("适用iPhone15", "for iPhone 15"), ("适用华为", "for Huawei")],
                    variants: &[&PHONE_MODEL, &FILM_PACK] },
            ] },
            SubCategory { name: "充电设备", name_en: "Chargers & Cables", leaves: &[
                Leaf { name: "充电器", name_en: "Chargers", unit: Unit::Piece, price_fen: (450, 6_500), weight_g: 60,
                    nouns: &[("充电器", "Charger"), ("快充充电头", "Fast Charging Adapter")],
                    materials: &[("20W PD", "20W PD", "阻燃PC", "Flame-retardant PC"), ("65W氮化镓", "65W GaN", "PC+氮化镓芯片", "PC with GaN chip"),
                                 ("双口", "Dual-port", "阻燃PC", "Flame-retardant PC")],
                    uses: &[("适用苹果华为", "for iPhone and Huawei"), ("手机平板通用", "for Phones and Tablets")],
                    variants: &[&COLOR, &PLUG] },
                Leaf { name: "数据线", name_en: "Data Cables", unit: Unit::Piece, price_fen: (120, 1_800), weight_g: 40,
                    nouns: &[("数据线", "Data Cable"), ("快充线", "Fast Charging Cable")],
                    materials: &[("编织尼龙", "Braided Nylon", "尼龙编织+铜芯", "Nylon braid, copper core"), ("液态硅胶", "Liquid Silicone", "硅胶", "Silicone"),
                                 ("TPE", "TPE", "TPE", "TPE")],
                    uses: &[("Type-C", "USB-C"), ("苹果Lightning", "Lightning for iPhone"), ("三合一", "3-in-1")],
                    variants: &[&COLOR, &CABLE_LENGTH] },
                Leaf { name: "充电宝", name_en: "Power Banks", unit: Unit::Piece, price_fen: (2_800, 12_800), weight_g: 220,
                    nouns: &[("充电宝", "Power Bank"), ("移动电源", "Portable Charger")],
                    materials: &[("超薄磁吸", "Slim Magnetic", "ABS+锂聚合物电芯", "ABS, Li-polymer cells"), ("大容量", "High-capacity", "PC+锂电芯", "PC, lithium cells")],
                    uses: &[("10000毫安", "10000 mAh"), ("20000毫安", "20000 mAh")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "手机", name_en: "Mobile Phones", leaves: &[
                Leaf { name: "智能手机", name_en: "Smartphones", unit: Unit::Piece, price_fen: (39_900, 199_900), weight_g: 200,
                    nouns: &[("智能手机", "Smartphone")],
                    materials: &[("5G全网通", "5G", "金属中框+玻璃后盖", "Metal frame, glass back"), ("6.7英寸大屏", "6.7-inch", "铝合金+玻璃", "Aluminium and glass"),
                                 ("八核", "Octa-core", "塑胶中框", "Plastic frame")],
                    uses: &[("学生", "for Students"), ("外贸版", "Global Version")],
                    variants: &[&COLOR, &STORAGE] },
                Leaf { name: "老人机", name_en: "Feature Phones", unit: Unit::Piece, price_fen: (5_900, 19_900), weight_g: 110,
                    nouns: &[("老人机", "Senior Phone"), ("按键手机", "Keypad Phone")],
                    materials: &[("大字大声", "Big-button Loud", "ABS", "ABS plastic"), ("4G全网通", "4G", "ABS", "ABS plastic")],
                    uses: &[("超长待机", "with Long Standby")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1031918, name: "服装", name_en: "Apparel", hue: 330, icon: Icon::Circle,
        modifiers: &[("2024夏季新款", "2024 Summer New"), ("韩版", "Korean-style"), ("ins风", "Instagram-style"), ("欧美", "Western-style"), ("大码", "Plus-size")],
        suppliers: &[
            SupplierSeed { name: "广州市沙河衣恋服饰有限公司", name_en: "Guangzhou Shahe Yilian Apparel Co., Ltd.",
                           place: ("广东广州", "Guangzhou, Guangdong"), brand: ("衣恋", "Yilian") },
            SupplierSeed { name: "杭州四季青锦绣服装有限公司", name_en: "Hangzhou Sijiqing Jinxiu Garment Co., Ltd.",
                           place: ("浙江杭州", "Hangzhou, Zhejiang"), brand: ("锦绣", "Jinxiu") },
            SupplierSeed { name: "湖州织里童趣服饰有限公司", name_en: "Huzhou Zhili Tongqu Children's Wear Co., Ltd.",
                           place: ("浙江湖州", "Huzhou, Zhejiang"), brand: ("童趣", "Tongqu") },
            SupplierSeed { name: "东莞市虎门尚品制衣厂", name_en: "Dongguan Humen Shangpin Garment Factory",
                           place: ("广东东莞", "Dongguan, Guangdong"), brand: ("尚品", "Shangpin") },
        ],
        subs: &[
            SubCategory { name: "女装", name_en: "Women's Clothing", leaves: &[
                Leaf { name: "连衣裙", name_en: "Dresses", unit: Unit::Piece, price_fen: (2_500, 12_800), weight_g: 250,
                    nouns: &[("连衣裙", "Dress"), ("长裙", "Maxi Dress")],
                    materials: &[("碎花雪纺", "Floral Chiffon", "雪纺", "Chiffon"), ("纯棉", "Cotton", "棉", "Cotton"), ("法式针织", "French Knit", "针织", "Knit")],
                    uses: &[("夏季", "for Summer"), ("度假风", "for Beach Holidays"), ("通勤", "for Work")],
                    variants: &[&COLOR, &CLOTHING_SIZE] },
                Leaf { name: "女士T恤", name_en: "Women's T-shirts", unit: Unit::Piece, price_fen: (900, 4_500), weight_g: 180,
                    nouns: &[("T恤", "T-shirt"), ("短袖上衣", "Short-sleeve Top")],
                    materials: &[("纯棉宽松", "Loose Cotton", "棉", "Cotton"), ("冰丝", "Ice Silk", "冰丝", "Ice silk")],
                    uses: &[("女", "for Women")],
                    variants: &[&COLOR, &CLOTHING_SIZE] },
                Leaf { name: "半身裙", name_en: "Skirts", unit: Unit::Piece, price_fen: (1_800, 7_800), weight_g: 220,
                    nouns: &[("半身裙", "Skirt"), ("百褶裙", "Pleated Skirt")],
                    materials: &[("高腰", "High-waist", "聚酯纤维", "Polyester"), ("牛仔", "Denim", "棉", "Cotton denim")],
                    uses: &[("女", "for Women")],
                    variants: &[&COLOR, &CLOTHING_SIZE] },
            ] },
            SubCategory { name: "男装", name_en: "Men's Clothing", leaves: &[
                Leaf { name: "男士衬衫", name_en: "Men's Shirts", unit: Unit::Piece, price_fen: (2_800, 9_800), weight_g: 220,
                    nouns: &[("衬衫", "Shirt")],
                    materials: &[("商务免烫", "Non-iron Business", "棉涤混纺", "Cotton-polyester blend"), ("亚麻", "Linen", "亚麻", "Linen")],
                    uses: &[("男士长袖", "Long-sleeve for Men"), ("男士短袖", "Short-sleeve for Men")],
                    variants: &[&COLOR, &CLOTHING_SIZE] },
                Leaf { name: "卫衣", name_en: "Hoodies", unit: Unit::Piece, price_fen: (3_500, 12_000), weight_g: 550,
                    nouns: &[("连帽卫衣", "Hoodie"), ("卫衣", "Sweatshirt")],
                    materials: &[("加绒", "Fleece-lined", "棉+聚酯纤维", "Cotton and polyester"), ("重磅纯棉", "Heavyweight Cotton", "棉", "Cotton")],
                    uses: &[("男女同款", "Unisex")],
                    variants: &[&COLOR, &CLOTHING_SIZE] },
            ] },
            SubCategory { name: "童装", name_en: "Kids' Clothing", leaves: &[
                Leaf { name: "儿童套装", name_en: "Kids' Outfit Sets", unit: Unit::Set, price_fen: (1_500, 6_800), weight_g: 300,
                    nouns: &[("儿童套装", "Kids' Outfit Set"), ("童装两件套", "Kids' Two-piece Set")],
                    materials: &[("纯棉", "Cotton", "棉", "Cotton"), ("卡通印花", "Cartoon Print", "棉+氨纶", "Cotton and spandex")],
                    uses: &[("男童女童", "for Boys and Girls"), ("夏季", "for Summer")],
                    variants: &[&COLOR, &KIDS_SIZE] },
                Leaf { name: "婴儿连体衣", name_en: "Baby Rompers", unit: Unit::Piece, price_fen: (1_200, 4_800), weight_g: 150,
                    nouns: &[("连体衣", "Romper"), ("爬服", "Baby Bodysuit")],
                    materials: &[("纯棉", "Cotton", "棉", "Cotton"), ("竹纤维", "Bamboo Fiber", "竹纤维", "Bamboo fiber")],
                    uses: &[("新生儿", "for Newborns")],
                    variants: &[&COLOR, &BABY_SIZE] },
            ] },
        ],
    },
    TopCategory {
        id: 1031914, name: "鞋靴", name_en: "Shoes", hue: 20, icon: Icon::Diamond,
        modifiers: &[("2024新款", "2024 New"), ("透气", "Breathable"), ("百搭", "Versatile"), ("外贸", "Export")],
        suppliers: &[
            SupplierSeed { name: "晋江市步行者鞋业有限公司", name_en: "Jinjiang Buxingzhe Footwear Co., Ltd.",
                           place: ("福建晋江", "Jinjiang, Fujian"), brand: ("步行者", "Buxingzhe") },
            SupplierSeed { name: "成都市武侯区蓉美女鞋厂", name_en: "Chengdu Wuhou Rongmei Women's Shoes Factory",
                           place: ("四川成都", "Chengdu, Sichuan"), brand: ("蓉美", "Rongmei") },
            SupplierSeed { name: "温州市鹿城区丽步鞋业有限公司", name_en: "Wenzhou Lucheng Libu Shoes Co., Ltd.",
                           place: ("浙江温州", "Wenzhou, Zhejiang"), brand: ("丽步", "Libu") },
            SupplierSeed { name: "莆田市荔城区跃动鞋业有限公司", name_en: "Putian Licheng Yuedong Shoes Co., Ltd.",
                           place: ("福建莆田", "Putian, Fujian"), brand: ("跃动", "Yuedong") },
        ],
        subs: &[
            SubCategory { name: "运动鞋", name_en: "Sneakers", leaves: &[
                Leaf { name: "跑步鞋", name_en: "Running Shoes", unit: Unit::Pair, price_fen: (3_500, 15_800), weight_g: 650,
                    nouns: &[("跑步鞋", "Running Shoes"), ("运动鞋", "Sneakers")],
                    materials: &[("飞织网面", "Flyknit Mesh", "飞织布+EVA", "Knit mesh, EVA sole"), ("轻便减震", "Lightweight Cushioned", "网布+MD底", "Mesh, MD sole")],
                    uses: &[("男女", "for Men and Women"), ("学生", "for Students")],
                    variants: &[&COLOR, &SHOE_SIZE] },
                Leaf { name: "板鞋", name_en: "Skate Shoes", unit: Unit::Pair, price_fen: (2_500, 8_900), weight_g: 700,
                    nouns: &[("板鞋", "Skate Shoes"), ("小白鞋", "White Sneakers")],
                    materials: &[("帆布", "Canvas", "帆布+橡胶底", "Canvas, rubber sole"), ("PU皮面", "PU Leather", "PU+橡胶底", "PU, rubber sole")],
                    uses: &[("情侣款", "for Couples"), ("女", "for Women")],
                    variants: &[&COLOR, &SHOE_SIZE] },
            ] },
            SubCategory { name: "女鞋", name_en: "Women's Shoes", leaves: &[
                Leaf { name: "高跟鞋", name_en: "High Heels", unit: Unit::Pair, price_fen: (4_500, 16_800), weight_g: 500,
                    nouns: &[("高跟鞋", "High Heels"), ("细跟单鞋", "Stiletto Pumps")],
                    materials: &[("尖头漆皮", "Pointed Patent", "漆皮", "Patent leather"), ("绒面", "Suede", "绒面革", "Faux suede")],
                    uses: &[("通勤", "for Office"), ("婚鞋", "for Weddings")],
                    variants: &[&COLOR, &SHOE_SIZE] },
                Leaf { name: "凉鞋", name_en: "Sandals", unit: Unit::Pair, price_fen: (1_800, 8_800), weight_g: 400,
                    nouns: &[("凉鞋", "Sandals"), ("罗马凉鞋", "Gladiator Sandals")],
                    materials: &[("平底软皮", "Soft Flat", "超纤皮", "Microfiber leather"), ("坡跟", "Wedge", "PU+橡胶底", "PU, rubber sole")],
                    uses: &[("夏季", "for Summer"), ("海边度假", "for the Beach")],
                    variants: &[&COLOR, &SHOE_SIZE] },
            ] },
            SubCategory { name: "拖鞋", name_en: "Slippers", leaves: &[
                Leaf { name: "居家拖鞋", name_en: "Home Slippers", unit: Unit::Pair, price_fen: (350, 2_200), weight_g: 250,
                    nouns: &[("拖鞋", "Slippers"), ("居家拖鞋", "House Slippers")],
                    materials: &[("EVA厚底", "Thick EVA", "EVA", "EVA"), ("毛绒", "Plush", "珊瑚绒", "Coral fleece")],
                    uses: &[("浴室防滑", "Non-slip for Bathrooms"), ("情侣", "for Couples")],
                    variants: &[&COLOR, &SHOE_SIZE] },
                Leaf { name: "洞洞鞋", name_en: "Clogs", unit: Unit::Pair, price_fen: (1_500, 4_500), weight_g: 350,
                    nouns: &[("洞洞鞋", "Clogs"), ("包头拖鞋", "Garden Clogs")],
                    materials: &[("EVA轻便", "Lightweight EVA", "EVA", "EVA"), ("加厚", "Thick-soled", "EVA", "EVA")],
                    uses: &[("外穿", "for Outdoors"), ("护士", "for Nurses")],
                    variants: &[&COLOR, &SHOE_SIZE] },
            ] },
        ],
    },
    TopCategory {
        id: 1042841, name: "箱包", name_en: "Bags & Luggage", hue: 35, icon: Icon::Square,
        modifiers: &[("2024新款", "2024 New"), ("大容量", "Large-capacity"), ("时尚", "Fashion"), ("轻奢", "Affordable-luxury")],
        suppliers: &[
            SupplierSeed { name: "广州市白云区佳丽皮具厂", name_en: "Guangzhou Baiyun Jiali Leather Goods Factory",
                           place: ("广东广州", "Guangzhou, Guangdong"), brand: ("佳丽", "Jiali") },
            SupplierSeed { name: "泉州市丰泽区立信包袋有限公司", name_en: "Quanzhou Fengze Lixin Bags Co., Ltd.",
                           place: ("福建泉州", "Quanzhou, Fujian"), brand: ("立信", "Lixin") },
            SupplierSeed { name: "平湖市行者旅行用品有限公司", name_en: "Pinghu Xingzhe Travel Goods Co., Ltd.",
                           place: ("浙江平湖", "Pinghu, Zhejiang"), brand: ("行者", "Xingzhe") },
            SupplierSeed { name: "白沟新城远航箱包有限公司", name_en: "Baigou Yuanhang Luggage Co., Ltd.",
                           place: ("河北白沟", "Baigou, Hebei"), brand: ("远航", "Yuanhang") },
        ],
        subs: &[
            SubCategory { name: "女包", name_en: "Women's Bags", leaves: &[
                Leaf { name: "单肩包", name_en: "Shoulder Bags", unit: Unit::Piece, price_fen: (1_800, 8_900), weight_g: 450,
                    nouns: &[("单肩包", "Shoulder Bag"), ("斜挎包", "Crossbody Bag")],
                    materials: &[("PU皮", "PU Leather", "PU", "PU leather"), ("帆布", "Canvas", "帆布", "Canvas"), ("尼龙", "Nylon", "尼龙", "Nylon")],
                    uses: &[("女", "for Women"), ("通勤", "for Commuting")],
                    variants: &[&COLOR] },
                Leaf { name: "托特包", name_en: "Tote Bags", unit: Unit::Piece, price_fen: (900, 6_800), weight_g: 400,
                    nouns: &[("托特包", "Tote Bag"), ("手提包", "Handbag")],
                    materials: &[("帆布", "Canvas", "帆布", "Canvas"), ("软皮", "Soft Leather", "PU", "PU leather")],
                    uses: &[("印logo", "with Custom Logo"), ("购物", "for Shopping")],
                    variants: &[&COLOR, &DIMENSION] },
            ] },
            SubCategory { name: "双肩包", name_en: "Backpacks", leaves: &[
                Leaf { name: "学生书包", name_en: "School Backpacks", unit: Unit::Piece, price_fen: (2_500, 9_800), weight_g: 700,
                    nouns: &[("书包", "School Bag"), ("双肩包", "Backpack")],
                    materials: &[("防水牛津布", "Waterproof Oxford", "牛津布", "Oxford cloth"), ("轻便尼龙", "Lightweight Nylon", "尼龙", "Nylon")],
                    uses: &[("中小学生", "for Students"), ("护脊减负", "with Spine Support")],
                    variants: &[&COLOR] },
                Leaf { name: "电脑背包", name_en: "Laptop Backpacks", unit: Unit::Piece, price_fen: (4_500, 15_800), weight_g: 900,
                    nouns: &[("电脑包", "Laptop Bag"), ("商务双肩包", "Business Backpack")],
                    materials: &[("防泼水", "Water-repellent", "涤纶", "Polyester"), ("USB充电", "USB-charging", "牛津布", "Oxford cloth")],
                    uses: &[("15.6寸", "for 15.6-inch Laptops"), ("出差", "for Business Travel")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "旅行箱包", name_en: "Luggage & Travel", leaves: &[
                Leaf { name: "拉杆箱", name_en: "Suitcases", unit: Unit::Piece, price_fen: (9_800, 39_800), weight_g: 3_500,
                    nouns: &[("拉杆箱", "Trolley Suitcase"), ("行李箱", "Luggage")],
                    materials: &[("PC万向轮", "PC Spinner", "PC", "Polycarbonate"), ("铝框", "Aluminium-frame", "铝框+PC", "Aluminium frame, PC shell")],
                    uses: &[("登机", "Carry-on"), ("学生", "for Students")],
                    variants: &[&COLOR, &SUITCASE_SIZE] },
                Leaf { name: "旅行收纳袋", name_en: "Travel Organizers", unit: Unit::Set, price_fen: (450, 2_800), weight_g: 120,
                    nouns: &[("旅行收纳袋", "Travel Storage Bag"), ("洗漱包", "Toiletry Bag")],
                    materials: &[("防水", "Waterproof", "涤纶", "Polyester"), ("网纱", "Mesh", "尼龙网纱", "Nylon mesh")],
                    uses: &[("出差", "for Business Trips"), ("衣物分装", "for Clothes")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1042954, name: "家居日用", name_en: "Home & Daily Use", hue: 165, icon: Icon::Hexagon,
        modifiers: &[("家用", "Household"), ("日式", "Japanese-style"), ("北欧", "Nordic"), ("多功能", "Multi-purpose")],
        suppliers: &[
            SupplierSeed { name: "台州市黄岩佳家塑料制品厂", name_en: "Taizhou Huangyan Jiajia Plastic Products Factory",
                           place: ("浙江台州", "Taizhou, Zhejiang"), brand: ("佳家", "Jiajia") },
            SupplierSeed { name: "义乌市晨光日用品有限公司", name_en: "Yiwu Chenguang Daily Products Co., Ltd.",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("晨光", "Chenguang") },
            SupplierSeed { name: "南通市暖居家纺有限公司", name_en: "Nantong Nuanju Home Textiles Co., Ltd.",
                           place: ("江苏南通", "Nantong, Jiangsu"), brand: ("暖居", "Nuanju") },
            SupplierSeed { name: "中山市古镇明亮照明电器厂", name_en: "Zhongshan Guzhen Mingliang Lighting Factory",
                           place: ("广东中山", "Zhongshan, Guangdong"), brand: ("明亮", "Mingliang") },
        ],
        subs: &[
            SubCategory { name: "收纳整理", name_en: "Storage & Organization", leaves: &[
                Leaf { name: "收纳箱", name_en: "Storage Boxes", unit: Unit::Piece, price_fen: (600, 4_800), weight_g: 900,
                    nouns: &[("收纳箱", "Storage Box"), ("整理箱", "Organizer Bin")],
                    materials: &[("加厚塑料", "Thick Plastic", "PP", "Polypropylene"), ("可折叠布艺", "Foldable Fabric", "无纺布", "Non-woven fabric"),
                                 ("透明", "Clear", "PET", "PET")],
                    uses: &[("衣物", "for Clothes"), ("带盖", "with Lid")],
                    variants: &[&COLOR, &DIMENSION] },
                Leaf { name: "衣架", name_en: "Hangers", unit: Unit::Pack, price_fen: (600, 3_500), weight_g: 400,
                    nouns: &[("衣架", "Hangers")],
                    materials: &[("防滑植绒", "Non-slip Velvet", "ABS+植绒", "ABS with flocking"), ("不锈钢", "Stainless Steel", "不锈钢", "Stainless steel")],
                    uses: &[("家用", "for Home"), ("无痕", "without Shoulder Bumps")],
                    variants: &[&COLOR, &PACK] },
            ] },
            SubCategory { name: "清洁用品", name_en: "Cleaning Supplies", leaves: &[
                Leaf { name: "拖把", name_en: "Mops", unit: Unit::Set, price_fen: (1_500, 6_800), weight_g: 1_500,
                    nouns: &[("拖把", "Mop"), ("平板拖把", "Flat Mop")],
                    materials: &[("免手洗", "Hands-free", "不锈钢杆+超细纤维", "Steel pole, microfiber"), ("旋转", "Spin", "PP+超细纤维", "PP, microfiber")],
                    uses: &[("家用", "for Home"), ("瓷砖木地板", "for Tile and Wood Floors")],
                    variants: &[&COLOR, &STYLE] },
                Leaf { name: "抹布", name_en: "Cleaning Cloths", unit: Unit::Piece, price_fen: (60, 380), weight_g: 30,
                    nouns: &[("抹布", "Cleaning Cloth"), ("洗碗巾", "Dish Cloth")],
                    materials: &[("超细纤维", "Microfiber", "超细纤维", "Microfiber"), ("竹纤维", "Bamboo Fiber", "竹纤维", "Bamboo fiber")],
                    uses: &[("厨房", "for Kitchens"), ("不掉毛", "Lint-free")],
                    variants: &[&COLOR, &DIMENSION] },
            ] },
            SubCategory { name: "家纺", name_en: "Home Textiles", leaves: &[
                Leaf { name: "床上四件套", name_en: "Bedding Sets", unit: Unit::Set, price_fen: (6_800, 29_800), weight_g: 2_000,
                    nouns: &[("四件套", "Bedding Set"), ("床单被套", "Duvet Cover Set")],
                    materials: &[("纯棉", "Cotton", "棉", "Cotton"), ("水洗棉", "Washed Cotton", "水洗棉", "Washed cotton"), ("冰丝", "Ice Silk", "冰丝", "Ice silk")],
                    uses: &[("宿舍", "for Dorms"), ("夏季", "for Summer")],
                    variants: &[&COLOR, &BED_SIZE] },
                Leaf { name: "毛巾", name_en: "Towels", unit: Unit::Piece, price_fen: (250, 3_800), weight_g: 120,
                    nouns: &[("毛巾", "Towel"), ("浴巾", "Bath Towel")],
                    materials: &[("纯棉", "Cotton", "棉", "Cotton"), ("珊瑚绒", "Coral Fleece", "珊瑚绒", "Coral fleece")],
                    uses: &[("吸水", "Absorbent"), ("酒店", "for Hotels")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "灯具照明", name_en: "Lighting", leaves: &[
                Leaf { name: "LED灯泡", name_en: "LED Bulbs", unit: Unit::Piece, price_fen: (150, 1_800), weight_g: 60,
                    nouns: &[("LED灯泡", "LED Bulb"), ("球泡灯", "LED Globe Bulb")],
                    materials: &[("节能", "Energy-saving", "铝+PC", "Aluminium and PC"), ("高亮", "High-brightness", "塑包铝", "Plastic-clad aluminium")],
                    uses: &[("E27螺口", "with E27 Screw Base"), ("家用", "for Home")],
                    variants: &[&LIGHT_COLOR, &POWER] },
                Leaf { name: "LED灯带", name_en: "LED Strip Lights", unit: Unit::Meter, price_fen: (150, 900), weight_g: 50,
                    nouns: &[("LED灯带", "LED Strip Light")],
                    materials: &[("RGB七彩", "RGB", "软性PCB+硅胶", "Flexible PCB, silicone"), ("防水", "Waterproof", "硅胶套管", "Silicone sleeve")],
                    uses: &[("客厅吊顶", "for Ceilings"), ("USB供电", "USB-powered")],
                    variants: &[&LIGHT_COLOR] },
                Leaf { name: "小夜灯", name_en: "Night Lights", unit: Unit::Piece, price_fen: (350, 3_800), weight_g: 80,
                    nouns: &[("小夜灯", "Night Light")],
                    materials: &[("人体感应", "Motion-sensor", "ABS", "ABS plastic"), ("硅胶拍拍", "Silicone Tap", "硅胶", "Silicone")],
                    uses: &[("卧室床头", "for Bedrooms"), ("婴儿喂奶", "for Nurseries")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1036810, name: "厨房用品", name_en: "Kitchenware", hue: 5, icon: Icon::Circle,
        modifiers: &[("家用", "Household"), ("商用", "Commercial"), ("日式", "Japanese-style"), ("网红", "Trending")],
        suppliers: &[
            SupplierSeed { name: "永康市保温宝杯业有限公司", name_en: "Yongkang Baowenbao Drinkware Co., Ltd.",
                           place: ("浙江永康", "Yongkang, Zhejiang"), brand: ("保温宝", "Baowenbao") },
            SupplierSeed { name: "阳江市锋利刀剪制品有限公司", name_en: "Yangjiang Fengli Knives & Scissors Co., Ltd.",
                           place: ("广东阳江", "Yangjiang, Guangdong"), brand: ("锋利", "Fengli") },
            SupplierSeed { name: "潮州市枫溪区瓷韵陶瓷厂", name_en: "Chaozhou Fengxi Ciyun Ceramics Factory",
                           place: ("广东潮州", "Chaozhou, Guangdong"), brand: ("瓷韵", "Ciyun") },
            SupplierSeed { name: "义乌市好厨娘厨具商行", name_en: "Yiwu Haochuniang Kitchenware Store",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("好厨娘", "Haochuniang") },
        ],
        subs: &[
            SubCategory { name: "杯壶", name_en: "Cups & Bottles", leaves: &[
                Leaf { name: "保温杯", name_en: "Insulated Cups", unit: Unit::Piece, price_fen: (900, 6_800), weight_g: 350,
                    nouns: &[("保温杯", "Insulated Cup"), ("保温水杯", "Thermos Bottle")],
                    materials: &[("316不锈钢", "316 Stainless Steel", "316不锈钢", "316 stainless steel"),
                                 ("304不锈钢", "304 Stainless Steel", "304不锈钢", "304 stainless steel")],
                    uses: &[("车载", "for Cars"), ("学生", "for Students"), ("办公", "for Office")],
                    variants: &[&COLOR, &CAPACITY] },
                Leaf { name: "马克杯", name_en: "Mugs & Glasses", unit: Unit::Piece, price_fen: (250, 2_500), weight_g: 300,
                    nouns: &[("马克杯", "Mug"), ("水杯", "Cup")],
                    materials: &[("陶瓷", "Ceramic", "陶瓷", "Ceramic"), ("耐热玻璃", "Heat-resistant Glass", "高硼硅玻璃", "Borosilicate glass")],
                    uses: &[("带盖勺", "with Lid and Spoon"), ("咖啡", "for Coffee")],
                    variants: &[&COLOR, &CAPACITY] },
            ] },
            SubCategory { name: "锅具刀具", name_en: "Cookware & Knives", leaves: &[
                Leaf { name: "炒锅", name_en: "Woks & Pans", unit: Unit::Piece, price_fen: (3_500, 19_800), weight_g: 2_200,
                    nouns: &[("炒锅", "Wok"), ("不粘锅", "Non-stick Pan")],
                    materials: &[("麦饭石", "Stone-coated", "铝合金+麦饭石涂层", "Aluminium, stone coating"), ("铸铁", "Cast Iron", "铸铁", "Cast iron")],
                    uses: &[("燃气电磁炉通用", "for Gas and Induction Hobs")],
                    variants: &[&WOK_SIZE] },
                Leaf { name: "菜刀", name_en: "Kitchen Knives", unit: Unit::Piece, price_fen: (1_500, 16_800), weight_g: 400,
                    nouns: &[("菜刀", "Kitchen Knife"), ("刀具套装", "Knife Set")],
                    materials: &[("锻打不锈钢", "Forged Stainless Steel", "不锈钢", "Stainless steel"), ("大马士革", "Damascus", "大马士革钢", "Damascus steel")],
                    uses: &[("家用", "for Home Cooks"), ("厨师专用", "for Chefs")],
                    variants: &[&STYLE] },
            ] },
            SubCategory { name: "餐具", name_en: "Tableware", leaves: &[
                Leaf { name: "碗碟", name_en: "Bowls & Plates", unit: Unit::Piece, price_fen: (280, 2_800), weight_g: 350,
                    nouns: &[("碗", "Bowl"), ("餐盘", "Plate")],
                    materials: &[("陶瓷", "Ceramic", "陶瓷", "Ceramic"), ("釉下彩", "Underglaze", "陶瓷", "Ceramic")],
                    uses: &[("家用", "for Home"), ("餐厅", "for Restaurants")],
                    variants: &[&COLOR, &DIMENSION] },
                Leaf { name: "筷子", name_en: "Chopsticks", unit: Unit::Pack, price_fen: (450, 3_500), weight_g: 250,
                    nouns: &[("筷子", "Chopsticks")],
                    materials: &[("合金", "Alloy", "玻纤合金", "Fiberglass alloy"), ("实木", "Wooden", "鸡翅木", "Wenge wood")],
                    uses: &[("家用防滑", "Non-slip"), ("10双装", "Pack of 10 Pairs")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1042752, name: "美妆个护", name_en: "Beauty & Personal Care", hue: 300, icon: Icon::Ring,
        modifiers: &[("网红", "Trending"), ("正品", "Genuine"), ("跨境", "Cross-border"), ("新款", "New")],
        suppliers: &[
            SupplierSeed { name: "义乌市丽颜化妆品有限公司", name_en: "Yiwu Liyan Cosmetics Co., Ltd.",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("丽颜", "Liyan") },
            SupplierSeed { name: "广州市白云区美肌生物科技有限公司", name_en: "Guangzhou Baiyun Meiji Biotechnology Co., Ltd.",
                           place: ("广东广州", "Guangzhou, Guangdong"), brand: ("美肌", "Meiji") },
            SupplierSeed { name: "扬州市洁齿日化用品有限公司", name_en: "Yangzhou Jiechi Daily Chemicals Co., Ltd.",
                           place: ("江苏扬州", "Yangzhou, Jiangsu"), brand: ("洁齿", "Jiechi") },
            SupplierSeed { name: "汕头市潮南区雅姿化妆工具厂", name_en: "Shantou Chaonan Yazi Cosmetic Tools Factory",
                           place: ("广东汕头", "Shantou, Guangdong"), brand: ("雅姿", "Yazi") },
        ],
        subs: &[
            SubCategory { name: "彩妆", name_en: "Makeup", leaves: &[
                Leaf { name: "口红", name_en: "Lipsticks", unit: Unit::Piece, price_fen: (250, 3_800), weight_g: 30,
                    nouns: &[("口红", "Lipstick"), ("唇釉", "Lip Gloss")],
                    materials: &[("哑光", "Matte", "蜂蜡+色粉", "Beeswax, pigments"), ("丝绒", "Velvet", "矿物油+色粉", "Mineral oil, pigments")],
                    uses: &[("不掉色", "Long-lasting"), ("学生", "for Students")],
                    variants: &[&SHADE] },
                Leaf { name: "化妆刷", name_en: "Makeup Brushes", unit: Unit::Set, price_fen: (600, 4_800), weight_g: 150,
                    nouns: &[("化妆刷", "Makeup Brush Set")],
                    materials: &[("软毛", "Soft-bristle", "人造纤维", "Synthetic fiber"), ("木柄", "Wooden-handle", "木柄+人造纤维", "Wood handle, synthetic fiber")],
                    uses: &[("全套", "Complete"), ("新手", "for Beginners")],
                    variants: &[&COLOR, &BRUSH_SET] },
            ] },
            SubCategory { name: "护肤", name_en: "Skincare", leaves: &[
                Leaf { name: "面膜", name_en: "Face Masks", unit: Unit::Piece, price_fen: (80, 600), weight_g: 30,
                    nouns: &[("面膜", "Sheet Mask"), ("补水面膜", "Hydrating Face Mask")],
                    materials: &[("玻尿酸", "Hyaluronic", "无纺布+精华液", "Non-woven sheet, essence"), ("烟酰胺", "Niacinamide", "蚕丝膜布+精华液", "Silk sheet, essence")],
                    uses: &[("保湿", "Moisturizing"), ("男女", "for Men and Women")],
                    variants: &[&MASK_PACK] },
                Leaf { name: "面霜", name_en: "Face Creams & Serums", unit: Unit::Bottle, price_fen: (900, 8_800), weight_g: 120,
                    nouns: &[("面霜", "Face Cream"), ("精华液", "Serum")],
                    materials: &[("保湿", "Moisturizing", "透明质酸钠", "Sodium hyaluronate"), ("烟酰胺", "Niacinamide", "烟酰胺", "Niacinamide")],
                    uses: &[("补水", "Hydrating"), ("男女", "for Men and Women")],
                    variants: &[&VOLUME] },
            ] },
            SubCategory { name: "个人护理", name_en: "Personal Care", leaves: &[
                Leaf { name: "牙刷", name_en: "Toothbrushes", unit: Unit::Piece, price_fen: (50, 600), weight_g: 15,
                    nouns: &[("牙刷", "Toothbrush")],
                    materials: &[("软毛", "Soft-bristle", "PP+尼龙刷毛", "PP, nylon bristles"), ("竹柄", "Bamboo", "竹+尼龙刷毛", "Bamboo, nylon bristles")],
                    uses: &[("成人", "for Adults"), ("儿童", "for Kids"), ("酒店", "for Hotels")],
                    variants: &[&COLOR] },
                Leaf { name: "梳子", name_en: "Combs & Brushes", unit: Unit::Piece, price_fen: (250, 2_800), weight_g: 80,
                    nouns: &[("梳子", "Comb"), ("气垫梳", "Cushion Hair Brush")],
                    materials: &[("檀木", "Sandalwood", "檀木", "Sandalwood"), ("防静电", "Anti-static", "ABS", "ABS plastic")],
                    uses: &[("按摩", "for Scalp Massage"), ("卷发", "for Curly Hair")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1043472, name: "母婴玩具", name_en: "Baby & Toys", hue: 48, icon: Icon::Triangle,
        modifiers: &[("新款", "New"), ("网红", "Trending"), ("跨境", "Cross-border"), ("爆款", "Best-selling")],
        suppliers: &[
            SupplierSeed { name: "汕头市澄海区乐童玩具厂", name_en: "Shantou Chenghai Letong Toys Factory",
                           place: ("广东汕头", "Shantou, Guangdong"), brand: ("乐童", "Letong") },
            SupplierSeed { name: "杭州贝乐母婴用品有限公司", name_en: "Hangzhou Beile Baby Products Co., Ltd.",
                           place: ("浙江杭州", "Hangzhou, Zhejiang"), brand: ("贝乐", "Beile") },
            SupplierSeed { name: "扬州市萌萌毛绒玩具有限公司", name_en: "Yangzhou Mengmeng Plush Toys Co., Ltd.",
                           place: ("江苏扬州", "Yangzhou, Jiangsu"), brand: ("萌萌", "Mengmeng") },
            SupplierSeed { name: "义乌市童心玩具商行", name_en: "Yiwu Tongxin Toys Store",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("童心", "Tongxin") },
        ],
        subs: &[
            SubCategory { name: "玩具", name_en: "Toys", leaves: &[
                Leaf { name: "益智玩具", name_en: "Educational Toys", unit: Unit::Set, price_fen: (650, 9_800), weight_g: 500,
                    nouns: &[("积木", "Building Blocks Toy"), ("拼图", "Jigsaw Puzzle Toy"), ("益智玩具", "Educational Toy")],
                    materials: &[("木质", "Wooden", "松木", "Pine wood"), ("塑料", "Plastic", "ABS", "ABS plastic")],
                    uses: &[("3-6岁", "for Ages 3-6"), ("早教", "for Early Learning")],
                    variants: &[&STYLE] },
                Leaf { name: "毛绒玩具", name_en: "Plush Toys", unit: Unit::Piece, price_fen: (300, 6_800), weight_g: 300,
                    nouns: &[("毛绒玩具", "Plush Toy"), ("公仔", "Stuffed Doll")],
                    materials: &[("超柔", "Super-soft", "PP棉+短毛绒", "PP cotton, short plush"), ("卡通", "Cartoon", "水晶超柔", "Crystal super-soft plush")],
                    uses: &[("抓娃娃机", "for Claw Machines"), ("生日礼物", "as a Birthday Gift")],
                    variants: &[&DIMENSION] },
                Leaf { name: "遥控玩具", name_en: "RC Toys", unit: Unit::Piece, price_fen: (2_500, 16_800), weight_g: 800,
                    nouns: &[("遥控车", "Remote Control Car Toy"), ("遥控飞机", "RC Drone Toy")],
                    materials: &[("合金", "Alloy", "合金+ABS", "Alloy, ABS"), ("四驱越野", "4WD Off-road", "ABS", "ABS plastic")],
                    uses: &[("儿童", "for Kids"), ("可充电", "Rechargeable")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "婴儿用品", name_en: "Baby Care", leaves: &[
                Leaf { name: "奶瓶", name_en: "Baby Bottles", unit: Unit::Piece, price_fen: (1_500, 7_800), weight_g: 150,
                    nouns: &[("奶瓶", "Baby Bottle")],
                    materials: &[("宽口径PPSU", "Wide-neck PPSU", "PPSU", "PPSU"), ("玻璃", "Glass", "高硼硅玻璃", "Borosilicate glass")],
                    uses: &[("新生儿", "for Newborns"), ("防胀气", "Anti-colic")],
                    variants: &[&BOTTLE_CAPACITY] },
                Leaf { name: "口水巾", name_en: "Bibs", unit: Unit::Piece, price_fen: (150, 1_500), weight_g: 40,
                    nouns: &[("口水巾", "Bib"), ("围兜", "Baby Bib")],
                    materials: &[("纯棉纱布", "Cotton Gauze", "纱布", "Cotton gauze"), ("硅胶", "Silicone", "食品级硅胶", "Food-grade silicone")],
                    uses: &[("防水", "Waterproof"), ("婴儿", "for Babies")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1031919, name: "运动户外", name_en: "Sports & Outdoors", hue: 125, icon: Icon::Triangle,
        modifiers: &[("专业", "Professional"), ("户外", "Outdoor"), ("便携", "Portable"), ("爆款", "Best-selling")],
        suppliers: &[
            SupplierSeed { name: "南通市力美健身器材厂", name_en: "Nantong Limei Fitness Equipment Factory",
                           place: ("江苏南通", "Nantong, Jiangsu"), brand: ("力美", "Limei") },
            SupplierSeed { name: "宁波市野趣户外用品有限公司", name_en: "Ningbo Yequ Outdoor Products Co., Ltd.",
                           place: ("浙江宁波", "Ningbo, Zhejiang"), brand: ("野趣", "Yequ") },
            SupplierSeed { name: "深圳市骑迹运动器材有限公司", name_en: "Shenzhen Qiji Cycling Equipment Co., Ltd.",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("骑迹", "Qiji") },
            SupplierSeed { name: "厦门市健力体育用品有限公司", name_en: "Xiamen Jianli Sporting Goods Co., Ltd.",
                           place: ("福建厦门", "Xiamen, Fujian"), brand: ("健力", "Jianli") },
        ],
        subs: &[
            SubCategory { name: "健身器材", name_en: "Fitness Equipment", leaves: &[
                Leaf { name: "瑜伽垫", name_en: "Yoga Mats", unit: Unit::Piece, price_fen: (1_500, 8_800), weight_g: 900,
                    nouns: &[("瑜伽垫", "Yoga Mat")],
                    materials: &[("TPE防滑", "Non-slip TPE", "TPE", "TPE"), ("NBR加厚", "Thick NBR", "NBR", "NBR foam")],
                    uses: &[("初学者", "for Beginners"), ("家用健身", "for Home Workouts")],
                    variants: &[&COLOR, &MAT_THICKNESS] },
                Leaf { name: "哑铃", name_en: "Dumbbells", unit: Unit::Piece, price_fen: (2_500, 29_800), weight_g: 5_000,
                    nouns: &[("哑铃", "Dumbbell")],
                    materials: &[("包胶", "Rubber-coated", "铸铁+橡胶", "Cast iron, rubber"), ("可调节", "Adjustable", "钢+塑料", "Steel, plastic")],
                    uses: &[("男士", "for Men"), ("家用", "for Home Gyms")],
                    variants: &[&DUMBBELL_WEIGHT] },
                Leaf { name: "弹力带", name_en: "Resistance Bands", unit: Unit::Piece, price_fen: (250, 2_800), weight_g: 150,
                    nouns: &[("弹力带", "Resistance Band"), ("拉力绳", "Pull-up Band")],
                    materials: &[("乳胶", "Latex", "天然乳胶", "Natural latex"), ("TPE", "TPE", "TPE", "TPE")],
                    uses: &[("健身", "for Fitness"), ("瑜伽", "for Yoga")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "户外装备", name_en: "Outdoor Gear", leaves: &[
                Leaf { name: "帐篷", name_en: "Tents", unit: Unit::Piece, price_fen: (6_800, 59_800), weight_g: 3_500,
                    nouns: &[("帐篷", "Tent"), ("速开帐篷", "Pop-up Tent")],
                    materials: &[("防雨", "Rainproof", "涤纶+玻纤杆", "Polyester, fiberglass poles"), ("全自动", "Automatic", "牛津布", "Oxford cloth")],
                    uses: &[("露营", "for Camping"), ("沙滩", "for the Beach")],
                    variants: &[&COLOR, &TENT_SIZE] },
                Leaf { name: "露营灯", name_en: "Camping Lanterns", unit: Unit::Piece, price_fen: (1_500, 8_800), weight_g: 350,
                    nouns: &[("露营灯", "Camping Lantern"), ("LED营地灯", "LED Camp Light")],
                    materials: &[("充电式", "Rechargeable", "ABS+LED", "ABS, LED"), ("复古", "Vintage", "铁艺+LED", "Iron, LED")],
                    uses: &[("帐篷悬挂", "for Hanging in Tents"), ("应急", "for Emergencies")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "骑行", name_en: "Cycling", leaves: &[
                Leaf { name: "自行车灯", name_en: "Bike Lights", unit: Unit::Piece, price_fen: (900, 5_800), weight_g: 120,
                    nouns: &[("自行车灯", "Bike Light"), ("车前灯", "Bicycle Headlight")],
                    materials: &[("USB充电", "USB Rechargeable", "铝合金", "Aluminium alloy"), ("强光", "Super-bright", "ABS", "ABS plastic")],
                    uses: &[("山地车", "for Mountain Bikes"), ("夜骑", "for Night Riding")],
                    variants: &[&STYLE] },
                Leaf { name: "骑行手套", name_en: "Cycling Gloves", unit: Unit::Pair, price_fen: (900, 4_500), weight_g: 80,
                    nouns: &[("骑行手套", "Cycling Gloves")],
                    materials: &[("半指", "Half-finger", "莱卡+硅胶", "Lycra, silicone"), ("全指触屏", "Touchscreen Full-finger", "涤纶", "Polyester")],
                    uses: &[("男女", "for Men and Women"), ("夏季", "for Summer")],
                    variants: &[&COLOR, &CLOTHING_SIZE] },
            ] },
        ],
    },
    TopCategory {
        id: 1037648, name: "数码电脑", name_en: "Computers & Electronics", hue: 235, icon: Icon::Square,
        modifiers: &[("2024新款", "2024 New"), ("爆款", "Best-selling"), ("跨境", "Cross-border"), ("工厂直供", "Factory-direct")],
        suppliers: &[
            SupplierSeed { name: "深圳市极客外设科技有限公司", name_en: "Shenzhen Jike Peripherals Technology Co., Ltd.",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("极客", "Jike") },
            SupplierSeed { name: "东莞市声悦电子有限公司", name_en: "Dongguan Shengyue Electronics Co., Ltd.",
                           place: ("广东东莞", "Dongguan, Guangdong"), brand: ("声悦", "Shengyue") },
            SupplierSeed { name: "深圳市福田区存储宝数码商行", name_en: "Shenzhen Futian Cunchubao Digital Store",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("存储宝", "Cunchubao") },
            SupplierSeed { name: "惠州市新锐电子科技有限公司", name_en: "Huizhou Xinrui Electronic Technology Co., Ltd.",
                           place: ("广东惠州", "Huizhou, Guangdong"), brand: ("新锐", "Xinrui") },
        ],
        subs: &[
            SubCategory { name: "电脑外设", name_en: "Computer Peripherals", leaves: &[
                Leaf { name: "鼠标", name_en: "Mice", unit: Unit::Piece, price_fen: (600, 6_800), weight_g: 90,
                    nouns: &[("鼠标", "Mouse")],
                    materials: &[("静音无线", "Silent Wireless", "ABS", "ABS plastic"), ("电竞RGB", "RGB Gaming", "ABS", "ABS plastic")],
                    uses: &[("笔记本电脑", "for Laptops"), ("办公", "for Office")],
                    variants: &[&COLOR, &CONNECTION] },
                Leaf { name: "键盘", name_en: "Keyboards", unit: Unit::Piece, price_fen: (1_800, 19_800), weight_g: 700,
                    nouns: &[("键盘", "Keyboard"), ("机械键盘", "Mechanical Keyboard")],
                    materials: &[("超薄", "Slim", "ABS", "ABS plastic"), ("热插拔", "Hot-swappable", "铝合金+PBT键帽", "Aluminium, PBT keycaps")],
                    uses: &[("办公", "for Office"), ("游戏", "for Gaming")],
                    variants: &[&COLOR, &CONNECTION] },
            ] },
            SubCategory { name: "音频设备", name_en: "Audio", leaves: &[
                Leaf { name: "蓝牙耳机", name_en: "Bluetooth Earbuds", unit: Unit::Piece, price_fen: (1_800, 15_800), weight_g: 60,
                    nouns: &[("蓝牙耳机", "Bluetooth Earbuds"), ("无线耳机", "Wireless Earphones")],
                    materials: &[("降噪", "Noise-cancelling", "ABS", "ABS plastic"), ("半入耳", "Semi-in-ear", "ABS", "ABS plastic")],
                    uses: &[("运动", "for Sports"), ("适用苹果安卓", "for iPhone and Android")],
                    variants: &[&COLOR] },
                Leaf { name: "蓝牙音箱", name_en: "Bluetooth Speakers", unit: Unit::Piece, price_fen: (2_800, 19_800), weight_g: 500,
                    nouns: &[("蓝牙音箱", "Bluetooth Speaker")],
                    materials: &[("防水便携", "Waterproof Portable", "ABS+布网", "ABS, fabric grille"), ("复古木质", "Retro Wooden", "木质", "Wood")],
                    uses: &[("户外", "for Outdoors"), ("重低音", "with Heavy Bass")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "存储设备", name_en: "Storage Devices", leaves: &[
                Leaf { name: "U盘", name_en: "USB Flash Drives", unit: Unit::Piece, price_fen: (900, 6_800), weight_g: 15,
                    nouns: &[("U盘", "USB Flash Drive")],
                    materials: &[("金属", "Metal", "锌合金", "Zinc alloy"), ("迷你", "Mini", "铝合金", "Aluminium alloy")],
                    uses: &[("USB3.0", "USB 3.0"), ("车载", "for Cars")],
                    variants: &[&FLASH_CAPACITY] },
                Leaf { name: "移动固态硬盘", name_en: "Portable SSDs", unit: Unit::Piece, price_fen: (12_800, 69_800), weight_g: 80,
                    nouns: &[("移动固态硬盘", "Portable SSD")],
                    materials: &[("铝合金", "Aluminium", "铝合金", "Aluminium alloy"), ("超薄", "Ultra-slim", "铝合金+硅胶", "Aluminium, silicone")],
                    uses: &[("Type-C", "USB-C"), ("高速", "High-speed")],
                    variants: &[&SSD_CAPACITY] },
            ] },
        ],
    },
    TopCategory {
        id: 1043268, name: "汽车用品", name_en: "Auto Accessories", hue: 195, icon: Icon::Ring,
        modifiers: &[("通用", "Universal"), ("新款", "New"), ("高档", "Premium"), ("爆款", "Best-selling")],
        suppliers: &[
            SupplierSeed { name: "广州市花都区车之饰汽车用品有限公司", name_en: "Guangzhou Huadu Chezhishi Auto Accessories Co., Ltd.",
                           place: ("广东广州", "Guangzhou, Guangdong"), brand: ("车之饰", "Chezhishi") },
            SupplierSeed { name: "深圳市路卫士电子有限公司", name_en: "Shenzhen Luweishi Electronics Co., Ltd.",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("路卫士", "Luweishi") },
            SupplierSeed { name: "丹阳市亮洁汽车养护用品厂", name_en: "Danyang Liangjie Car Care Products Factory",
                           place: ("江苏丹阳", "Danyang, Jiangsu"), brand: ("亮洁", "Liangjie") },
            SupplierSeed { name: "义乌市驰骋汽车用品商行", name_en: "Yiwu Chicheng Auto Supplies Store",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("驰骋", "Chicheng") },
        ],
        subs: &[
            SubCategory { name: "车内饰品", name_en: "Interior Accessories", leaves: &[
                Leaf { name: "汽车座垫", name_en: "Seat Cushions", unit: Unit::Set, price_fen: (2_800, 29_800), weight_g: 1_500,
                    nouns: &[("汽车座垫", "Car Seat Cushion"), ("座椅套", "Seat Cover")],
                    materials: &[("冰丝", "Ice Silk", "冰丝", "Ice silk"), ("亚麻", "Linen", "亚麻", "Linen"), ("皮革", "Leather", "PU皮革", "PU leather")],
                    uses: &[("四季通用", "for All Seasons"), ("五座", "for 5-seat Cars")],
                    variants: &[&COLOR] },
                Leaf { name: "车载香薰", name_en: "Car Air Fresheners", unit: Unit::Piece, price_fen: (350, 3_800), weight_g: 80,
                    nouns: &[("车载香薰", "Car Air Freshener"), ("出风口香薰", "Vent Diffuser")],
                    materials: &[("铝合金", "Aluminium", "铝合金+香片", "Aluminium, scent pads"), ("固体", "Solid", "香膏", "Solid perfume")],
                    uses: &[("除异味", "for Removing Odors"), ("持久留香", "Long-lasting")],
                    variants: &[&SCENT] },
            ] },
            SubCategory { name: "汽车电子", name_en: "Car Electronics", leaves: &[
                Leaf { name: "行车记录仪", name_en: "Dash Cams", unit: Unit::Piece, price_fen: (6_800, 29_800), weight_g: 200,
                    nouns: &[("行车记录仪", "Dash Cam")],
                    materials: &[("高清夜视", "HD Night-vision", "ABS", "ABS plastic"), ("前后双录", "Front and Rear", "ABS+玻璃镜头", "ABS, glass lens")],
                    uses: &[("1080P", "1080p"), ("停车监控", "with Parking Mode")],
                    variants: &[&STYLE] },
                Leaf { name: "车载充电器", name_en: "Car Chargers", unit: Unit::Piece, price_fen: (650, 4_800), weight_g: 40,
                    nouns: &[("车载充电器", "Car Charger"), ("点烟器快充", "Cigarette Lighter Charger")],
                    materials: &[("金属", "Metal", "铝合金", "Aluminium alloy"), ("双USB", "Dual-USB", "阻燃PC", "Flame-retardant PC")],
                    uses: &[("手机快充", "for Phones"), ("12-24V", "12-24V")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "洗车养护", name_en: "Car Care", leaves: &[
                Leaf { name: "洗车毛巾", name_en: "Car Wash Towels", unit: Unit::Piece, price_fen: (150, 1_800), weight_g: 100,
                    nouns: &[("洗车毛巾", "Car Wash Towel")],
                    materials: &[("超细纤维", "Microfiber", "超细纤维", "Microfiber"), ("加厚珊瑚绒", "Thick Coral Fleece", "珊瑚绒", "Coral fleece")],
                    uses: &[("吸水不掉毛", "Absorbent and Lint-free")],
                    variants: &[&COLOR, &DIMENSION] },
                Leaf { name: "洗车液", name_en: "Car Shampoo", unit: Unit::Bottle, price_fen: (800, 4_800), weight_g: 1_200,
                    nouns: &[("洗车液", "Car Wash Shampoo"), ("镀膜剂", "Ceramic Coating Spray")],
                    materials: &[("高泡", "High-foam", "表面活性剂", "Surfactants"), ("去污上光", "Cleaning and Polishing", "表面活性剂+蜡", "Surfactants, wax")],
                    uses: &[("汽车", "for Cars")],
                    variants: &[&VOLUME] },
            ] },
        ],
    },
    TopCategory {
        id: 1032910, name: "五金工具", name_en: "Hardware & Tools", hue: 215, icon: Icon::Hexagon,
        modifiers: &[("工业级", "Industrial-grade"), ("家用", "Household"), ("德式", "German-style"), ("多功能", "Multi-purpose")],
        suppliers: &[
            SupplierSeed { name: "宁波市鄞州锐锋工具有限公司", name_en: "Ningbo Yinzhou Ruifeng Tools Co., Ltd.",
                           place: ("浙江宁波", "Ningbo, Zhejiang"), brand: ("锐锋", "Ruifeng") },
            SupplierSeed { name: "永康市精工五金工具有限公司", name_en: "Yongkang Jinggong Hardware Tools Co., Ltd.",
                           place: ("浙江永康", "Yongkang, Zhejiang"), brand: ("精工", "Jinggong") },
            SupplierSeed { name: "邯郸市永年区固得紧固件厂", name_en: "Handan Yongnian Gude Fasteners Factory",
                           place: ("河北邯郸", "Handan, Hebei"), brand: ("固得", "Gude") },
            SupplierSeed { name: "南通市劲拓电动工具有限公司", name_en: "Nantong Jintuo Power Tools Co., Ltd.",
                           place: ("江苏南通", "Nantong, Jiangsu"), brand: ("劲拓", "Jintuo") },
        ],
        subs: &[
            SubCategory { name: "手动工具", name_en: "Hand Tools", leaves: &[
                Leaf { name: "螺丝刀", name_en: "Screwdrivers", unit: Unit::Set, price_fen: (900, 8_800), weight_g: 400,
                    nouns: &[("螺丝刀套装", "Screwdriver Set"), ("精密螺丝批", "Precision Screwdriver Kit")],
                    materials: &[("S2合金钢", "S2 Alloy Steel", "S2合金钢", "S2 alloy steel"), ("铬钒钢", "Chrome-vanadium", "铬钒钢", "Chrome-vanadium steel")],
                    uses: &[("手机维修", "for Phone Repair"), ("家用", "for Home")],
                    variants: &[&SET_SIZE] },
                Leaf { name: "扳手", name_en: "Wrenches", unit: Unit::Piece, price_fen: (800, 6_800), weight_g: 350,
                    nouns: &[("扳手", "Wrench"), ("活动扳手", "Adjustable Wrench")],
                    materials: &[("铬钒钢", "Chrome-vanadium", "铬钒钢", "Chrome-vanadium steel"), ("碳钢", "Carbon Steel", "碳钢", "Carbon steel")],
                    uses: &[("汽修", "for Auto Repair"), ("水管", "for Plumbing")],
                    variants: &[&WRENCH_SIZE] },
            ] },
            SubCategory { name: "电动工具", name_en: "Power Tools", leaves: &[
                Leaf { name: "电钻", name_en: "Electric Drills", unit: Unit::Set, price_fen: (6_800, 39_800), weight_g: 1_500,
                    nouns: &[("电钻", "Electric Drill"), ("锂电钻", "Cordless Drill")],
                    materials: &[("无刷", "Brushless", "合金+ABS", "Alloy, ABS"), ("冲击", "Impact", "合金+ABS", "Alloy, ABS")],
                    uses: &[("家用", "for Home"), ("装修", "for Renovation")],
                    variants: &[&VOLTAGE] },
                Leaf { name: "角磨机", name_en: "Angle Grinders", unit: Unit::Piece, price_fen: (5_800, 29_800), weight_g: 2_000,
                    nouns: &[("角磨机", "Angle Grinder")],
                    materials: &[("大功率", "High-power", "铝合金机头", "Aluminium head"), ("锂电", "Cordless", "合金+ABS", "Alloy, ABS")],
                    uses: &[("切割打磨", "for Cutting and Polishing")],
                    variants: &[&STYLE] },
            ] },
            SubCategory { name: "紧固件", name_en: "Fasteners", leaves: &[
                Leaf { name: "螺丝", name_en: "Screws", unit: Unit::Box, price_fen: (350, 2_800), weight_g: 500,
                    nouns: &[("螺丝", "Screws"), ("自攻螺丝", "Self-tapping Screws")],
                    materials: &[("304不锈钢", "304 Stainless Steel", "304不锈钢", "304 stainless steel"), ("镀锌", "Galvanized", "碳钢镀锌", "Galvanized carbon steel")],
                    uses: &[("木工", "for Wood"), ("家具", "for Furniture")],
                    variants: &[&SCREW_SIZE] },
                Leaf { name: "膨胀螺丝", name_en: "Anchor Bolts", unit: Unit::Piece, price_fen: (50, 800), weight_g: 20,
                    nouns: &[("膨胀螺丝", "Expansion Bolt"), ("膨胀管", "Wall Plug")],
                    materials: &[("镀锌", "Galvanized", "碳钢", "Carbon steel"), ("塑料", "Plastic", "尼龙", "Nylon")],
                    uses: &[("墙体", "for Walls")],
                    variants: &[&SCREW_SIZE] },
            ] },
        ],
    },
    TopCategory {
        id: 1048263, name: "宠物用品", name_en: "Pet Supplies", hue: 90, icon: Icon::Circle,
        modifiers: &[("网红", "Trending"), ("新款", "New"), ("跨境", "Cross-border"), ("四季通用", "All-season")],
        suppliers: &[
            SupplierSeed { name: "义乌市旺财宠物用品商行", name_en: "Yiwu Wangcai Pet Supplies Store",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("旺财", "Wangcai") },
            SupplierSeed { name: "苏州市喵星人宠物用品有限公司", name_en: "Suzhou Miaoxingren Pet Supplies Co., Ltd.",
                           place: ("江苏苏州", "Suzhou, Jiangsu"), brand: ("喵星人", "Miaoxingren") },
            SupplierSeed { name: "深圳市宠智科技有限公司", name_en: "Shenzhen Chongzhi Technology Co., Ltd.",
                           place: ("广东深圳", "Shenzhen, Guangdong"), brand: ("宠智", "Chongzhi") },
            SupplierSeed { name: "杭州萌宠用品有限公司", name_en: "Hangzhou Mengchong Pet Products Co., Ltd.",
                           place: ("浙江杭州", "Hangzhou, Zhejiang"), brand: ("萌宠", "Mengchong") },
        ],
        subs: &[
            SubCategory { name: "狗狗用品", name_en: "Dog Supplies", leaves: &[
                Leaf { name: "狗绳", name_en: "Dog Leashes", unit: Unit::Piece, price_fen: (500, 4_800), weight_g: 150,
                    nouns: &[("狗绳", "Dog Leash"), ("胸背带", "Dog Harness")],
                    materials: &[("反光尼龙", "Reflective Nylon", "尼龙", "Nylon"), ("自动伸缩", "Retractable", "ABS+尼龙带", "ABS, nylon tape")],
                    uses: &[("中小型犬", "for Small and Medium Dogs"), ("大型犬", "for Large Dogs")],
                    variants: &[&COLOR, &PET_SIZE] },
                Leaf { name: "狗窝", name_en: "Dog Beds", unit: Unit::Piece, price_fen: (1_800, 12_800), weight_g: 1_200,
                    nouns: &[("狗窝", "Dog Bed"), ("宠物窝", "Pet Bed")],
                    materials: &[("可拆洗", "Washable", "PP棉+水晶绒", "PP cotton, crystal velvet"), ("夏季凉席", "Cooling", "冰丝", "Ice silk")],
                    uses: &[("四季通用", "for All Seasons"), ("猫狗通用", "for Cats and Dogs")],
                    variants: &[&COLOR, &PET_SIZE] },
            ] },
            SubCategory { name: "猫咪用品", name_en: "Cat Supplies", leaves: &[
                Leaf { name: "猫抓板", name_en: "Cat Scratchers", unit: Unit::Piece, price_fen: (450, 9_800), weight_g: 800,
                    nouns: &[("猫抓板", "Cat Scratcher"), ("猫爬架", "Cat Tree")],
                    materials: &[("瓦楞纸", "Corrugated Cardboard", "瓦楞纸", "Corrugated paper"), ("剑麻", "Sisal", "剑麻+实木", "Sisal, wood")],
                    uses: &[("耐磨", "Durable"), ("猫咪玩具", "as a Cat Toy")],
                    variants: &[&STYLE] },
                Leaf { name: "逗猫棒", name_en: "Cat Teasers", unit: Unit::Piece, price_fen: (120, 1_500), weight_g: 40,
                    nouns: &[("逗猫棒", "Cat Teaser Wand"), ("猫狗玩具", "Cat and Dog Toy")],
                    materials: &[("羽毛", "Feather", "羽毛+碳纤维杆", "Feather, carbon rod"), ("铃铛", "Bell", "塑料+羽毛", "Plastic, feather")],
                    uses: &[("自嗨解闷", "for Solo Play")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "宠物食具", name_en: "Bowls & Feeders", leaves: &[
                Leaf { name: "宠物碗", name_en: "Pet Bowls", unit: Unit::Piece, price_fen: (300, 3_800), weight_g: 300,
                    nouns: &[("宠物碗", "Pet Bowl"), ("狗碗", "Dog Bowl")],
                    materials: &[("不锈钢", "Stainless Steel", "不锈钢", "Stainless steel"), ("陶瓷", "Ceramic", "陶瓷", "Ceramic")],
                    uses: &[("防打翻", "Anti-tip"), ("猫狗通用", "for Cats and Dogs")],
                    variants: &[&COLOR, &DIMENSION] },
                Leaf { name: "自动喂食器", name_en: "Automatic Feeders", unit: Unit::Piece, price_fen: (6_800, 29_800), weight_g: 1_500,
                    nouns: &[("自动喂食器", "Automatic Pet Feeder"), ("宠物饮水机", "Pet Water Fountain")],
                    materials: &[("智能定时", "Smart Timed", "ABS", "ABS plastic"), ("可视WiFi", "WiFi Camera", "ABS", "ABS plastic")],
                    uses: &[("猫狗", "for Cats and Dogs")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1039216, name: "办公文教", name_en: "Office & Stationery", hue: 265, icon: Icon::Square,
        modifiers: &[("创意", "Creative"), ("简约", "Minimalist"), ("可定制logo", "Custom-logo"), ("新款", "New")],
        suppliers: &[
            SupplierSeed { name: "宁波市文达文具有限公司", name_en: "Ningbo Wenda Stationery Co., Ltd.",
                           place: ("浙江宁波", "Ningbo, Zhejiang"), brand: ("文达", "Wenda") },
            SupplierSeed { name: "温州市苍南县书香纸品厂", name_en: "Wenzhou Cangnan Shuxiang Paper Products Factory",
                           place: ("浙江温州", "Wenzhou, Zhejiang"), brand: ("书香", "Shuxiang") },
            SupplierSeed { name: "义乌市彩虹办公用品有限公司", name_en: "Yiwu Caihong Office Supplies Co., Ltd.",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("彩虹", "Caihong") },
            SupplierSeed { name: "丽水市庆元县笔韵制笔厂", name_en: "Lishui Qingyuan Biyun Pen Factory",
                           place: ("浙江丽水", "Lishui, Zhejiang"), brand: ("笔韵", "Biyun") },
        ],
        subs: &[
            SubCategory { name: "书写工具", name_en: "Writing Instruments", leaves: &[
                Leaf { name: "中性笔", name_en: "Gel Pens", unit: Unit::Piece, price_fen: (50, 1_200), weight_g: 15,
                    nouns: &[("中性笔", "Gel Pen"), ("签字笔", "Signing Pen")],
                    materials: &[("按动", "Retractable", "塑料", "Plastic"), ("金属", "Metal", "金属", "Metal")],
                    uses: &[("0.5mm", "0.5 mm"), ("学生考试", "for Exams")],
                    variants: &[&COLOR] },
                Leaf { name: "马克笔", name_en: "Markers", unit: Unit::Set, price_fen: (300, 6_800), weight_g: 200,
                    nouns: &[("马克笔", "Marker Pen Set"), ("荧光笔", "Highlighter Set")],
                    materials: &[("双头", "Dual-tip", "PP", "Polypropylene"), ("酒精性", "Alcohol-based", "PP+酒精墨水", "PP, alcohol ink")],
                    uses: &[("美术生", "for Art Students"), ("手账", "for Journaling")],
                    variants: &[&MARKER_SET] },
            ] },
            SubCategory { name: "本册纸张", name_en: "Notebooks & Paper", leaves: &[
                Leaf { name: "笔记本", name_en: "Notebooks", unit: Unit::Piece, price_fen: (150, 2_800), weight_g: 300,
                    nouns: &[("笔记本", "Notebook"), ("记事本", "Notepad")],
                    materials: &[("加厚", "Thick", "道林纸", "Woodfree paper"), ("皮面", "Leather-cover", "PU皮+道林纸", "PU cover, woodfree paper")],
                    uses: &[("学生", "for Students"), ("办公会议", "for Meetings")],
                    variants: &[&PAPER_SIZE] },
                Leaf { name: "便利贴", name_en: "Sticky Notes", unit: Unit::Pack, price_fen: (120, 1_200), weight_g: 60,
                    nouns: &[("便利贴", "Sticky Notes"), ("便签纸", "Memo Pads")],
                    materials: &[("彩色", "Colorful", "胶版纸", "Offset paper"), ("透明", "Transparent", "PET", "PET")],
                    uses: &[("学生", "for Students"), ("办公", "for Office")],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "文件收纳", name_en: "Desk Organization", leaves: &[
                Leaf { name: "文件夹", name_en: "File Folders", unit: Unit::Piece, price_fen: (150, 1_800), weight_g: 150,
                    nouns: &[("文件夹", "File Folder"), ("资料册", "Display Book")],
                    materials: &[("A4透明", "Clear A4", "PP", "Polypropylene"), ("加厚", "Thick", "PP", "Polypropylene")],
                    uses: &[("试卷收纳", "for Test Papers"), ("办公", "for Office")],
                    variants: &[&COLOR] },
                Leaf { name: "笔袋", name_en: "Pencil Cases", unit: Unit::Piece, price_fen: (350, 2_800), weight_g: 120,
                    nouns: &[("笔袋", "Pencil Case"), ("文具盒", "Stationery Box")],
                    materials: &[("大容量帆布", "Large Canvas", "帆布", "Canvas"), ("硅胶", "Silicone", "硅胶", "Silicone")],
                    uses: &[("学生", "for Students"), ("多层", "Multi-layer")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1031928, name: "饰品配件", name_en: "Jewelry & Accessories", hue: 280, icon: Icon::Diamond,
        modifiers: &[("ins风", "Instagram-style"), ("韩版", "Korean-style"), ("轻奢", "Affordable-luxury"), ("复古", "Vintage")],
        suppliers: &[
            SupplierSeed { name: "广州市番禺区金艺首饰厂", name_en: "Guangzhou Panyu Jinyi Jewelry Factory",
                           place: ("广东广州", "Guangzhou, Guangdong"), brand: ("金艺", "Jinyi") },
            SupplierSeed { name: "浦江县丽人发饰厂", name_en: "Pujiang Liren Hair Accessories Factory",
                           place: ("浙江金华", "Jinhua, Zhejiang"), brand: ("丽人", "Liren") },
            SupplierSeed { name: "嵊州市雅韵服饰配件有限公司", name_en: "Shengzhou Yayun Fashion Accessories Co., Ltd.",
                           place: ("浙江嵊州", "Shengzhou, Zhejiang"), brand: ("雅韵", "Yayun") },
            SupplierSeed { name: "义乌市璀璨饰品有限公司", name_en: "Yiwu Cuican Jewelry Co., Ltd.",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("璀璨", "Cuican") },
        ],
        subs: &[
            SubCategory { name: "首饰", name_en: "Jewelry", leaves: &[
                Leaf { name: "耳环", name_en: "Earrings", unit: Unit::Pair, price_fen: (80, 2_800), weight_g: 10,
                    nouns: &[("耳环", "Earrings"), ("耳钉", "Stud Earrings")],
                    materials: &[("S925银针", "S925 Silver-pin", "合金+S925银针", "Alloy, S925 silver pin"), ("珍珠", "Pearl", "仿珍珠+合金", "Faux pearl, alloy")],
                    uses: &[("女", "for Women"), ("派对", "for Parties")],
                    variants: &[&METAL_COLOR] },
                Leaf { name: "项链", name_en: "Necklaces", unit: Unit::Piece, price_fen: (250, 5_800), weight_g: 20,
                    nouns: &[("项链", "Necklace"), ("锁骨链", "Collarbone Chain")],
                    materials: &[("钛钢", "Titanium Steel", "钛钢", "Titanium steel"), ("18K镀金", "18K Gold-plated", "铜镀18K金", "18K gold-plated copper")],
                    uses: &[("女", "for Women"), ("不掉色", "Non-fading")],
                    variants: &[&METAL_COLOR] },
                Leaf { name: "戒指", name_en: "Rings", unit: Unit::Piece, price_fen: (150, 6_800), weight_g: 10,
                    nouns: &[("戒指", "Ring"), ("开口戒指", "Open Ring")],
                    materials: &[("钛钢", "Titanium Steel", "钛钢", "Titanium steel"), ("S925银", "S925 Silver", "S925银", "S925 silver")],
                    uses: &[("情侣", "for Couples"), ("女", "for Women")],
                    variants: &[&METAL_COLOR] },
            ] },
            SubCategory { name: "发饰", name_en: "Hair Accessories", leaves: &[
                Leaf { name: "发夹", name_en: "Hair Clips", unit: Unit::Piece, price_fen: (80, 1_500), weight_g: 20,
                    nouns: &[("发夹", "Hair Clip"), ("抓夹", "Claw Clip")],
                    materials: &[("醋酸", "Acetate", "醋酸板材", "Acetate"), ("金属", "Metal", "合金", "Alloy")],
                    uses: &[("女", "for Women"), ("盘发", "for Updos")],
                    variants: &[&COLOR] },
                Leaf { name: "发圈", name_en: "Scrunchies", unit: Unit::Piece, price_fen: (50, 800), weight_g: 10,
                    nouns: &[("发圈", "Scrunchie"), ("头绳", "Hair Tie")],
                    materials: &[("真丝", "Silk", "桑蚕丝", "Mulberry silk"), ("缎面", "Satin", "聚酯纤维", "Polyester")],
                    uses: &[],
                    variants: &[&COLOR] },
            ] },
            SubCategory { name: "服饰配件", name_en: "Fashion Accessories", leaves: &[
                Leaf { name: "帽子", name_en: "Hats & Caps", unit: Unit::Piece, price_fen: (600, 4_800), weight_g: 100,
                    nouns: &[("棒球帽", "Baseball Cap"), ("渔夫帽", "Bucket Hat")],
                    materials: &[("纯棉", "Cotton", "棉", "Cotton"), ("防晒", "Sun-protective", "涤纶", "Polyester")],
                    uses: &[("男女", "for Men and Women"), ("夏季", "for Summer")],
                    variants: &[&COLOR] },
                Leaf { name: "围巾", name_en: "Scarves", unit: Unit::Piece, price_fen: (1_200, 9_800), weight_g: 150,
                    nouns: &[("围巾", "Scarf"), ("丝巾", "Silk Scarf")],
                    materials: &[("仿羊绒", "Faux Cashmere", "腈纶", "Acrylic"), ("真丝", "Silk", "桑蚕丝", "Mulberry silk")],
                    uses: &[("女", "for Women"), ("秋冬", "for Autumn and Winter")],
                    variants: &[&COLOR] },
            ] },
        ],
    },
    TopCategory {
        id: 1035064, name: "包装材料", name_en: "Packaging", hue: 30, icon: Icon::Square,
        modifiers: &[("加厚", "Heavy-duty"), ("定制", "Custom-printed"), ("环保", "Eco-friendly"), ("工厂直供", "Factory-direct")],
        suppliers: &[
            SupplierSeed { name: "东莞市恒通包装材料有限公司", name_en: "Dongguan Hengtong Packaging Materials Co., Ltd.",
                           place: ("广东东莞", "Dongguan, Guangdong"), brand: ("恒通", "Hengtong") },
            SupplierSeed { name: "昆山市宏达纸箱厂", name_en: "Kunshan Hongda Carton Factory",
                           place: ("江苏昆山", "Kunshan, Jiangsu"), brand: ("宏达", "Hongda") },
            SupplierSeed { name: "义乌市捷捆胶粘制品有限公司", name_en: "Yiwu Jiekun Adhesive Products Co., Ltd.",
                           place: ("浙江义乌", "Yiwu, Zhejiang"), brand: ("捷捆", "Jiekun") },
            SupplierSeed { name: "温州市龙港印刷包装有限公司", name_en: "Wenzhou Longgang Printing & Packaging Co., Ltd.",
                           place: ("浙江温州", "Wenzhou, Zhejiang"), brand: ("龙港", "Longgang") },
        ],
        subs: &[
            SubCategory { name: "包装袋", name_en: "Packaging Bags", leaves: &[
                Leaf { name: "快递袋", name_en: "Mailer Bags", unit: Unit::Pack, price_fen: (900, 4_800), weight_g: 1_500,
                    nouns: &[("快递袋", "Mailer Bag"), ("快递包装袋", "Shipping Bag")],
                    materials: &[("防水", "Waterproof", "PE", "Polyethylene"), ("可降解", "Biodegradable", "PLA+PBAT", "PLA and PBAT")],
                    uses: &[("服装", "for Clothing"), ("电商", "for E-commerce")],
                    variants: &[&BAG_SIZE] },
                Leaf { name: "自封袋", name_en: "Zip Bags", unit: Unit::Pack, price_fen: (350, 2_800), weight_g: 600,
                    nouns: &[("自封袋", "Zip Lock Bag"), ("密封袋", "Resealable Bag")],
                    materials: &[("透明PE", "Clear PE", "PE", "Polyethylene"), ("磨砂", "Frosted", "PE", "Polyethylene")],
                    uses: &[("食品", "for Food"), ("首饰", "for Jewelry")],
                    variants: &[&BAG_SIZE] },
            ] },
            SubCategory { name: "纸箱纸盒", name_en: "Cartons & Boxes", leaves: &[
                Leaf { name: "纸箱", name_en: "Shipping Cartons", unit: Unit::Piece, price_fen: (50, 800), weight_g: 300,
                    nouns: &[("纸箱", "Shipping Carton"), ("快递纸箱", "Corrugated Box")],
                    materials: &[("五层加硬", "5-ply Heavy-duty", "瓦楞纸", "Corrugated cardboard"), ("三层", "3-ply", "瓦楞纸", "Corrugated cardboard")],
                    uses: &[("搬家", "for Moving"), ("打包", "for Packing")],
                    variants: &[&CARTON_SIZE] },
                Leaf { name: "礼品盒", name_en: "Gift Boxes", unit: Unit::Piece, price_fen: (150, 2_800), weight_g: 200,
                    nouns: &[("礼品盒", "Gift Box"), ("包装盒", "Packaging Box")],
                    materials: &[("翻盖磁吸", "Magnetic Flip", "灰板纸", "Greyboard"), ("牛皮纸", "Kraft Paper", "牛皮纸", "Kraft paper")],
                    uses: &[("印logo", "with Custom Logo"), ("节日", "for Holidays")],
                    variants: &[&DIMENSION] },
            ] },
            SubCategory { name: "胶带缓冲", name_en: "Tape & Cushioning", leaves: &[
                Leaf { name: "封箱胶带", name_en: "Packing Tape", unit: Unit::Roll, price_fen: (150, 1_200), weight_g: 250,
                    nouns: &[("封箱胶带", "Packing Tape"), ("透明胶带", "Clear Tape")],
                    materials: &[("高粘", "Strong-adhesive", "BOPP", "BOPP"), ("印字", "Printed", "BOPP", "BOPP")],
                    uses: &[("快递打包", "for Shipping")],
                    variants: &[&TAPE_SIZE] },
                Leaf { name: "气泡膜", name_en: "Bubble Wrap", unit: Unit::Roll, price_fen: (1_500, 6_800), weight_g: 3_000,
                    nouns: &[("气泡膜", "Bubble Wrap"), ("气泡袋", "Bubble Bag")],
                    materials: &[("加厚防震", "Thick Shockproof", "PE", "Polyethylene"), ("双层", "Double-layer", "PE", "Polyethylene")],
                    uses: &[("快递", "for Shipping")],
                    variants: &[&ROLL_WIDTH] },
            ] },
        ],
    },
];
