from __future__ import annotations

from django.urls import path

from analytics import views

urlpatterns = [
    path("summary/", views.SummaryView.as_view(), name="analytics-summary"),
    path("timeseries/", views.TimeseriesView.as_view(), name="analytics-timeseries"),
    path("top-templates/", views.TopTemplatesView.as_view(), name="analytics-top-templates"),
    path("providers/", views.ProvidersView.as_view(), name="analytics-providers"),
    path("versions/", views.VersionsView.as_view(), name="analytics-versions"),
    path("quality/", views.QualityView.as_view(), name="analytics-quality"),
    path("reports/usage/", views.UsageReportView.as_view(), name="analytics-usage-report"),
    path("reports/cost/", views.CostReportView.as_view(), name="analytics-cost-report"),
]
