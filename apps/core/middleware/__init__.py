"""The service's own middleware, one concern per module; settings.MIDDLEWARE says their order."""
