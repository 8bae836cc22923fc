"""The partnership app's HTML pages: partnerships (ministries), their cost sharing and amendments, management costs
and skill needs (employers). Each module holds one area's views and its `urlpatterns`."""
