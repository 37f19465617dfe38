"""The boto3 edge: sessions per (account, region), API call accounting, the local emulator."""
