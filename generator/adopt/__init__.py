"""Live table to profile: ``ddbgen adopt`` reads a table through the AWS API and writes a profile.

Reading AWS, mapping what was read to a profile (``mapping``, with ``capacity``
for billing and autoscaling), and the text written (``text``). Imports the
profile side only.
"""
