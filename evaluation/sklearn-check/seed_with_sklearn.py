"""The seed's recommender with scikit-learn's own TfidfVectorizer, to check evaluation/seed-recommender.ts.

Reads what `npx tsx evaluation/sklearn-check/dump-seed.ts <slug>` wrote (the catalog's products, carts and the
TypeScript seed's picks), recommends the same carts with sklearn, and prints how many carts got the same three
products in the same order (and the same up to the order of products with equal scores). Debian's python3-sklearn works offline: apt-get install -y python3-sklearn.
"""

import json
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

NAME_REPEATS, CATEGORY_REPEATS, SAME_CATEGORY_BOOST, LIMIT = 3, 4, 0.1, 3


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        dump = json.load(file)
    products = dump["products"]
    categories = [product["productType"] or product["category"] or "" for product in products]
    documents = [
        " ".join([product["title"]] * NAME_REPEATS + [category] * CATEGORY_REPEATS + [product["description"]])
        for product, category in zip(products, categories)
    ]
    matrix = TfidfVectorizer().fit_transform(documents)
    slot_of = {product["id"]: slot for slot, product in enumerate(products)}
    same = same_up_to_ties = 0
    for case in dump["carts"]:
        slots = [slot_of[product_id] for product_id in case["cart"]]
        scores = np.asarray((matrix @ matrix[slots].T).max(axis=1).todense()).ravel()
        cart_categories = {categories[slot] for slot in slots} - {""}
        scores = scores + np.array([SAME_CATEGORY_BOOST if c in cart_categories else 0.0 for c in categories])
        ranked = [slot for slot in sorted(range(len(products)), key=lambda s: (-round(scores[s], 9), s))]
        picks = [products[slot]["id"] for slot in ranked if slot not in slots][:LIMIT]
        same += picks == case["picks"]
        # Products of equal score (IKEA lists some products twice) may come in either order.
        score_of = lambda product_id: round(float(scores[slot_of[product_id]]), 6)  # noqa: E731
        same_up_to_ties += [score_of(i) for i in picks] == [score_of(i) for i in case["picks"]]
    print(
        f"{dump['slug']}: {same} of {len(dump['carts'])} carts got the same picks in the same order, "
        f"{same_up_to_ties} the same up to the order of equal scores"
    )


if __name__ == "__main__":
    main(sys.argv[1])
