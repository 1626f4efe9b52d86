"""ihd-feeds: a bridge beside the display that fetches what the internet knows and the meter does
not (a dynamic tariff's half-hourly prices, the grid's carbon intensity and its forecast) and
publishes it to the home's broker on the native contract's topics, as any bridge would.

It honours the household's consent record on the broker: the postcode district leaves the home
only while carbon look-ups are allowed. No Qt, and nothing of the display's store.
"""
