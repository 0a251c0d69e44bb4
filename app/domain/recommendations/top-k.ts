/**
 * Product ids are Shopify's digit strings: shorter is smaller, then digit by digit. Any other string still
 * gets a total order, so ties never depend on the order products were loaded in.
 */
export function compareProductIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The k best entries of a stream, by score and then by product id (the smaller id wins a tie): a min-heap of
 * at most k entries whose root is the worst kept, so each candidate costs one comparison unless it gets in.
 */
export class TopK {
  readonly #slots: Int32Array;
  readonly #scores: Float64Array;
  readonly #idOf: (slot: number) => string;
  #size = 0;

  constructor(capacity: number, idOf: (slot: number) => string) {
    this.#slots = new Int32Array(capacity);
    this.#scores = new Float64Array(capacity);
    this.#idOf = idOf;
  }

  get size(): number {
    return this.#size;
  }

  /** The score a new entry must beat (or tie with a smaller id) to get in: -Infinity until it is full. */
  get floor(): number {
    return this.#size < this.#slots.length ? -Infinity : (this.#scores[0] as number);
  }

  /** Whether entry a ranks below entry b. */
  #isWorse(slotA: number, scoreA: number, slotB: number, scoreB: number): boolean {
    if (scoreA !== scoreB) return scoreA < scoreB;
    return compareProductIds(this.#idOf(slotA), this.#idOf(slotB)) > 0;
  }

  push(slot: number, score: number): void {
    const capacity = this.#slots.length;
    if (capacity === 0) return;
    if (this.#size < capacity) {
      let at = this.#size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        const parentSlot = this.#slots[parent] as number;
        const parentScore = this.#scores[parent] as number;
        if (!this.#isWorse(slot, score, parentSlot, parentScore)) break;
        this.#slots[at] = parentSlot;
        this.#scores[at] = parentScore;
        at = parent;
      }
      this.#slots[at] = slot;
      this.#scores[at] = score;
      return;
    }
    if (!this.#isWorse(this.#slots[0] as number, this.#scores[0] as number, slot, score)) return;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= capacity) break;
      const right = left + 1;
      let child = left;
      if (
        right < capacity &&
        this.#isWorse(
          this.#slots[right] as number,
          this.#scores[right] as number,
          this.#slots[left] as number,
          this.#scores[left] as number,
        )
      ) {
        child = right;
      }
      if (!this.#isWorse(this.#slots[child] as number, this.#scores[child] as number, slot, score)) break;
      this.#slots[at] = this.#slots[child] as number;
      this.#scores[at] = this.#scores[child] as number;
      at = child;
    }
    this.#slots[at] = slot;
    this.#scores[at] = score;
  }

  /** The kept entries, best first. */
  sorted(): Array<{ slot: number; score: number }> {
    const entries = Array.from({ length: this.#size }, (_, index) => ({
      slot: this.#slots[index] as number,
      score: this.#scores[index] as number,
    }));
    return entries.sort((a, b) =>
      this.#isWorse(a.slot, a.score, b.slot, b.score)
        ? 1
        : this.#isWorse(b.slot, b.score, a.slot, a.score)
          ? -1
          : 0,
    );
  }
}
