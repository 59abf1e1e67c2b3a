/// First two digits of GB/T 2260 address codes that appear on mainland resident ID cards.
///
/// 71 (Taiwan) is listed in GB/T 2260 but no resident card is issued with it: Taiwan
/// residents receive the 83 permit, which ``ResidentIDNumber`` handles separately.
enum ProvinceCodes {
    static let mainland: Set<String> = [
        "11", "12", "13", "14", "15",              // Beijing, Tianjin, Hebei, Shanxi, Inner Mongolia
        "21", "22", "23",                          // Liaoning, Jilin, Heilongjiang
        "31", "32", "33", "34", "35", "36", "37",  // Shanghai … Shandong
        "41", "42", "43", "44", "45", "46",        // Henan … Hainan
        "50", "51", "52", "53", "54",              // Chongqing, Sichuan, Guizhou, Yunnan, Tibet
        "61", "62", "63", "64", "65",              // Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang
    ]
}
