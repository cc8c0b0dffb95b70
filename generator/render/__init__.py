"""The render side: a resolved profile into the module's files and manifest, in memory.

Imports the profile side, never the folder side: nothing here touches a folder.
"""
