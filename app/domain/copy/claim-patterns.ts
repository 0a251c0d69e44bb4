/**
 * Phrases that make a claim only the facts could support, in the languages copy is written in (English,
 * French, German, Spanish, Italian, Dutch, Portuguese, Japanese). Every list is applied to every answer,
 * whatever its language, because a model asked for French may still slip into English. The lists err on the
 * side of rejecting: a false positive costs an email in template copy, a false negative a promise the shop
 * did not make. Numbers, percent signs, currency symbols, URLs and dates are checked separately, without
 * words, so they hold in any language (check-copy-guardrails.ts).
 *
 * Texts are matched after NFKC normalisation (full-width "２０％" is "20%") with typographic apostrophes made
 * straight, case-insensitively.
 */

const LETTER_OR_DIGIT = "[\\p{L}\\p{N}]";

/** Whole words or phrases (Unicode-aware boundaries); each alternative is a regular expression source. */
function words(...alternatives: string[]): RegExp {
  return new RegExp(`(?<!${LETTER_OR_DIGIT})(?:${alternatives.join("|")})(?!${LETTER_OR_DIGIT})`, "iu");
}

/** Japanese writes no spaces between words, so its phrases match anywhere. */
function anywhere(...alternatives: string[]): RegExp {
  return new RegExp(`(?:${alternatives.join("|")})`, "iu");
}

/** Any mention of shipping or delivery: only a real free-shipping offer may bring it up. */
export const SHIPPING_MENTIONS: RegExp[] = [
  words("shipping", "ships?", "shipped", "delivery", "deliver(?:s|ed)?", "postage"),
  words("livraisons?", "livrée?s?", "frais de port", "expédition", "expédiée?s?"),
  words("versand\\p{L}*", "lieferung\\p{L}*", "geliefert", "porto\\p{L}*", "\\p{L}*versand"),
  words("envíos?", "entregas?", "enviad[oa]s?"),
  words("spedizion[ei]", "consegn\\p{L}*", "spedit[oaie]"),
  words("verzend\\p{L}*", "verzonden", "bezorg\\p{L}*", "levering", "geleverd"),
  words("fretes?", "envios?"),
  anywhere("送料", "配送", "発送", "お届け", "配達"),
];

/** How a real free-shipping offer is said; removed before looking for other "free" promises. */
export const FREE_SHIPPING_PHRASES: RegExp[] = [
  words(
    "free (?:standard |express )?(?:shipping|delivery)",
    "ships? (?:for )?free",
    "(?:shipping|delivery) (?:is |will be )?(?:free|on us)",
  ),
  words("livraison (?:gratuite|offerte)", "frais de (?:port|livraison) (?:offerts|gratuits)"),
  words("kostenlose[rnms]? (?:versand|lieferung)", "versandkostenfrei", "gratis ?versand", "gratisversand"),
  words("envío (?:gratis|gratuito)", "entrega (?:gratis|gratuita)"),
  words("spedizione (?:gratuita|gratis)", "consegna (?:gratuita|gratis)"),
  words("gratis (?:verzending|verzonden|bezorging|bezorgd)"),
  words("frete (?:grátis|gratuito)", "envio (?:grátis|gratuito)", "entrega (?:grátis|gratuita)"),
  anywhere("送料(?:は)?無料", "配送料(?:は)?無料", "無料配送", "送料込み"),
];

/** Idioms with "free" that promise nothing. */
export const HARMLESS_FREE_IDIOMS: RegExp[] = [words("feel free", "free to")];

/** "Free" anything, a gift or no charge: the only free thing copy may name is real free shipping. */
export const FREE_PROMISES: RegExp[] = [
  new RegExp(`(?<![-\\p{L}\\p{N}])free(?!${LETTER_OR_DIGIT})`, "iu"),
  words("complimentary", "on the house", "no charge", "at no (?:extra )?cost"),
  words("gratuite?s?", "offerte?s?"),
  words("kostenlos\\p{L}*", "gratis", "umsonst", "geschenkt"),
  words("gratuit[oa]s?", "de regalo"),
  words("gratuit[ie]"),
  words("kosteloos"),
  words("grátis", "de graça", "brindes?"),
  anywhere("無料", "タダ", "無償"),
];

/** A lower price: only a real percentage offer allows it. */
export const DISCOUNT_CLAIMS: RegExp[] = [
  words(
    "discount\\p{L}*",
    "off (?:your|the|everything|all|sitewide|site-wide|today)",
    "money off",
    "on sale",
    "sale",
    "mark(?:ed)? ?down",
    "reduced",
    "price (?:drop|cut)",
    "lower price",
    "cheaper",
    "save (?:on|up|big|more|\\d)",
    "savings",
    "bargain",
    "deals?",
    "rebate",
  ),
  words(
    "réductions?",
    "remises?",
    "rabais",
    "soldes?",
    "prix (?:réduit|cassé|barré)s?",
    "économis\\p{L}*",
    "moins cher",
  ),
  words(
    "rabatt\\p{L}*",
    "preisnachlass",
    "nachlass",
    "reduziert\\p{L}*",
    "spar(?:en|e|t)",
    "ersparnis",
    "schnäppchen",
    "günstiger",
    "preissenkung",
  ),
  words("descuentos?", "rebaj\\p{L}*", "ahorr\\p{L}*", "más barat[oa]", "liquidación"),
  words("scont[oi]", "scontat[oaie]", "ribass\\p{L}*", "risparmi\\p{L}*", "saldi", "più economic[oa]"),
  words("korting\\p{L}*", "afgeprijsd", "bespaar\\p{L}*", "uitverkoop", "goedkoper"),
  words("descontos?", "economiz\\p{L}*", "liquidação", "mais barat[oa]", "abatimento"),
  anywhere("割引", "値引", "値下げ", "セール", "お得", "オフ", "\\d割"),
  // "10%OFF" as Japanese shops write it; case-sensitive, or "offer" and "coffee" would match.
  /[\d%]\s*OFF(?![A-Za-z])/u,
];

/** An offer, a code or a promotion: no offer, no such words. */
export const OFFER_MENTIONS: RegExp[] = [
  words("offers?", "codes?", "coupons?", "vouchers?", "promos?", "promotions?", "bonus"),
  words("offres?", "bons? d'achat", "avantages?"),
  words("angebot\\p{L}*", "gutschein\\p{L}*", "aktion\\p{L}*"),
  words("ofertas?", "códigos?", "cupón", "cupones", "promoción"),
  words("offert[ae]", "codic[ei]", "buon[oi] regalo", "promozion[ei]"),
  words("aanbieding\\p{L}*", "actie", "tegoedbon"),
  words("cupo(?:m|ns)", "promoç(?:ão|ões)", "vantage(?:m|ns)"),
  anywhere("特典", "クーポン", "コード", "キャンペーン", "プロモーション"),
];

/** Stock, scarcity and popularity: the facts say nothing about them, so copy never does. */
export const STOCK_CLAIMS: RegExp[] = [
  words(
    "stocks?",
    "restock\\p{L}*",
    "inventory",
    "availability",
    "only \\d+ (?:left|remaining)",
    "\\d+ (?:left|remaining)",
    "few left",
    "sold out",
    "sell(?:s|ing)? out",
    "selling fast",
    "going fast",
    "(?:almost|nearly) gone",
    "running (?:out|low)",
    "limited (?:supply|supplies|quantit(?:y|ies)|availability)",
    "while (?:supplies|stocks) last",
    "(?:high|in) demand",
    "popular",
    "best-? ?sell\\p{L}*",
    "last (?:one|ones|few|pieces|units)",
    "before (?:it's|they're|its|theyre) gone",
    "won't last",
    "(?:others|people) (?:are|have been) (?:looking|viewing|buying)",
  ),
  words(
    "rupture",
    "épuisée?s?",
    "plus que \\d+",
    "(?:il )?(?:ne )?reste (?:plus )?(?:que )?\\d+",
    "dernières? (?:pièces?|unités?)",
    "quantités? limitées?",
    "se vend vite",
    "part vite",
    "très demandée?s?",
    "populaires?",
  ),
  words(
    "lager\\p{L}*",
    "vorr(?:at|äte)",
    "ausverkauft",
    "vergriffen",
    "nur noch \\d+",
    "(?:fast|bald) (?:weg|ausverkauft)",
    "begrenzte (?:stückzahl|menge|verfügbarkeit)",
    "beliebt\\p{L}*",
    "verfügbarkeit",
  ),
  words(
    "existencias",
    "agotad[oa]s?",
    "se agota\\p{L}*",
    "quedan (?:pocas|pocos|solo|sólo|\\d+)",
    "últimas unidades",
    "hasta agotar",
    "más vendid[oa]s?",
    "populares?",
    "disponibilidad",
    "inventario",
  ),
  words(
    "magazzino",
    "scorte",
    "esaurit[oaie]",
    "(?:ultimi|pochi) pezzi",
    "solo \\d+ rimast\\p{L}*",
    "fino a esaurimento",
    "disponibilità limitata",
    "popolar[ei]",
    "più vendut[oaie]",
  ),
  words(
    "voorraad",
    "uitverkocht",
    "nog maar \\d+",
    "bijna (?:op|uitverkocht|weg)",
    "op=op",
    "populair\\p{L}*",
    "beschikbaarheid",
  ),
  words(
    "estoques?",
    "esgotad[oa]s?",
    "restam (?:poucas|poucos|apenas|só|\\d+)",
    "enquanto durarem",
    "mais vendid[oa]s?",
    "disponibilidade",
  ),
  anywhere(
    "在庫",
    "残りわずか",
    "残り\\d+",
    "売り切れ",
    "品切れ",
    "完売",
    "再入荷",
    "数量限定",
    "限定数",
    "早い者勝ち",
    "人気",
    "売れ筋",
  ),
];

/** Deadlines and countdowns. The real expiry, quoted as given, is removed from the text before this runs. */
export const DEADLINE_CLAIMS: RegExp[] = [
  words(
    "today only",
    "only today",
    "ends? (?:today|tonight|tomorrow|soon|at midnight|this week(?:end)?)",
    "expires? (?:today|tonight|tomorrow|soon)",
    "tonight",
    "midnight",
    "tomorrow",
    "\\d+ ?(?:h|hrs?|hours?|minutes?|mins?|days?)",
    "hours?",
    "minutes?",
    "(?:last|final) (?:day|days|hours)",
    "countdown",
    "limited[- ]time",
    "time is running out",
    "running out of time",
    "(?:this|the) weekend",
    "days? left",
    "clock is ticking",
    "now or never",
  ),
  words(
    "aujourd'hui (?:seulement|uniquement)",
    "(?:seulement|uniquement) aujourd'hui",
    "ce soir",
    "minuit",
    "demain",
    "heures?",
    "derniers? jours?",
    "(?:temps|durée) limitée?",
    "(?:ce|le) week-?end",
    "compte à rebours",
    "dépêchez-vous",
    "se termine (?:bientôt|aujourd'hui|ce soir|demain)",
    "jours? restants?",
  ),
  words(
    "nur heute",
    "heute nacht",
    "mitternacht",
    "morgen",
    "stunden?",
    "minuten?",
    "letzte[rn]? (?:tag|tage|stunden)",
    "(?:begrenzte|kurze) zeit",
    "zeitlich begrenzt",
    "(?:dieses|am) wochenende",
    "endet (?:heute|bald|morgen)",
    "beeilen sie sich",
    "tage? übrig",
  ),
  words(
    "s[oó]lo hoy",
    "únicamente hoy",
    "esta noche",
    "medianoche",
    "mañana",
    "horas?",
    "minutos?",
    "últimos? días?",
    "(?:por )?tiempo limitado",
    "(?:este|el) fin de semana",
    "cuenta regresiva",
    "termina (?:hoy|pronto|mañana)",
    "date prisa",
    "días? restantes",
  ),
  words(
    "solo oggi",
    "soltanto oggi",
    "stasera",
    "mezzanotte",
    "domani",
    "\\d+ ?ore",
    "ore rimaste",
    "minuti",
    "ultim[oi] giorn[oi]",
    "tempo limitato",
    "(?:questo|il) weekend",
    "fine settimana",
    "conto alla rovescia",
    "scade (?:oggi|domani|presto|stasera)",
    "affrettati",
    "giorni? rimast\\p{L}*",
  ),
  words(
    "alleen vandaag",
    "vandaag nog",
    "vanavond",
    "middernacht",
    "\\d+ ?uur",
    "uren",
    "minuten",
    "laatste dag",
    "beperkte tijd",
    "(?:dit|het) weekend",
    "aftellen",
    "eindigt (?:vandaag|snel|morgen)",
    "wees er snel bij",
    "dagen? over",
  ),
  words(
    "(?:só|somente|apenas) hoje",
    "hoje à noite",
    "esta noite",
    "meia-noite",
    "amanhã",
    "últimos? dias?",
    "(?:este|o) fim de semana",
    "contagem regressiva",
    "termina (?:hoje|logo|amanhã)",
    "corra",
    "dias? restantes",
  ),
  anywhere(
    "本日限り",
    "本日まで",
    "今日だけ",
    "今日限り",
    "今日まで",
    "今夜",
    "今晩",
    "深夜",
    "明日",
    "\\d+時間",
    "時間(?:以内|限定)",
    "分以内",
    "最終日",
    "期間限定",
    "週末",
    "カウントダウン",
    "お急ぎ",
    "急いで",
    "残り\\d+日",
    "終了間近",
    "まもなく終了",
  ),
];

/** Speed promises about delivery, which even a real free-shipping offer does not make. */
export const DELIVERY_SPEED_CLAIMS: RegExp[] = [
  words(
    "(?:fast|faster|quick|express|speedy|next[- ]day|same[- ]day|overnight|expedited|priority) (?:shipping|delivery)",
    "ships? (?:today|tomorrow|within|in \\d+)",
    "arrives? (?:by|tomorrow|in|within)",
  ),
  words("livraison (?:express|rapide)", "livrée?s? demain"),
  words("express ?versand", "schnelle[rnm]? (?:versand|lieferung)", "morgen geliefert"),
  words("envío (?:exprés|express|rápido|urgente)", "entrega (?:rápida|inmediata)"),
  words("spedizione (?:express|veloce|rapida)", "consegna (?:rapida|veloce)"),
  words("snelle (?:levering|verzending|bezorging)", "morgen in huis"),
  words("(?:entrega|envio|frete) (?:rápid[oa]|expresso|express)", "chega amanhã"),
  anywhere("即日", "翌日(?:配送|発送|お届け)", "お急ぎ便", "スピード配送"),
];

/** Words about an expiry: without an offer nothing expires. */
export const EXPIRY_MENTIONS: RegExp[] = [
  words("expir\\p{L}*", "valid until", "ends", "ending", "deadline"),
  words("valable jusqu", "prend fin", "se termine"),
  words("läuft ab", "ablauf\\p{L}*", "gültig bis", "endet", "frist"),
  // Not "termina": Spanish "termina tu compra" is "complete your order".
  words("caduca", "vence", "vencimiento", "válid[oa] hasta"),
  words("scad\\p{L}*", "valid[oa] fino"),
  words("verloopt", "vervalt", "geldig tot", "eindigt"),
  words("expira", "válid[oa] até"),
  anywhere("期限", "まで有効", "終了", "締め?切り?"),
];

/** Percent signs and words for "percent"; the number next to one must be the offer's. */
export const PERCENT_MARKER =
  /%|(?<![\p{L}\p{N}])(?:percent|per cent|pour ?cent|prozent|por ?ciento|porcentaje|per ?cento|procent|por ?cento|porcentagem)(?![\p{L}\p{N}])|パーセント/giu;

/** Currency names and ISO codes; any currency symbol (\p{Sc}) is rejected as well. */
export const CURRENCY_MENTIONS: RegExp[] = [
  // "cents" only: French "pour cent" is a percentage, checked against the offer.
  words("dollars?", "euros?", "bucks", "cents", "pounds? sterling", "yen", "reais", "pesos?", "francs?"),
  /(?<![\p{L}])(?:USD|EUR|GBP|JPY|CAD|AUD|NZD|CHF|SEK|NOK|DKK|PLN|CZK|BRL|MXN|INR|CNY|HKD|SGD|KRW|ZAR)(?![\p{L}])/u,
  anywhere("\\d ?円", "ドル", "ユーロ"),
];

/** The first phrase of `patterns` found in `text`, if any. */
export function findPhrase(text: string, patterns: RegExp[]): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}

/** `text` with every match of `patterns` replaced by a space. */
export function removePhrases(text: string, patterns: RegExp[]): string {
  return patterns.reduce(
    (result, pattern) =>
      result.replace(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`), " "),
    text,
  );
}
