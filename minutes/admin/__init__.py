"""Administration: users, the organisation tree, bulk import."""
