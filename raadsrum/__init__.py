"""Rådsrum: the platform for Denmark's regional labour-market councils."""
