"""The controller's workspace pages (issue 12): the staff's dashboard and request pages.

The stage above intake: it reads the request views the portal builds and acts through the
workflow and answers services, as the staff API does (pages and API call the same services).
"""
