"""Where homes are, and how long it takes to walk between them.

A living support network only works if its homes are close: members drop in
on each other and on their Community Living Volunteer (CLV) without needing a
bus. Nothing here reads or writes the database: callers pass values in and
save what they get back, which keeps these rules easy to test and reuse.

- ``postcodes``: UK postcodes, tidied and checked, so "m193ab" and
  " M19 3AB " are the same postcode and a typing slip is caught before
  anything is saved.
- ``geocoders``: a postcode to a position on the map with its council and
  ward. ``OfflineGeocoder`` uses a small table shipped with the code
  (networks/data/postcodes.csv) and never goes online;
  ``PostcodesIoGeocoder`` asks the free postcodes.io service. The Django
  setting ``GEOCODER`` chooses between them (``get_geocoder``).
- ``walking``: the straight-line distance between two homes, stretched by
  the organisation's detour factor (real streets wind) and divided by its
  walking speed, and a plain-English report of any home that is too far.
"""
