"""Analytics API (thin: validate the query, check the workspace, call a selector) and `/metrics`."""

from __future__ import annotations

import io
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import caller_role, signed_in_user, workspace_roles
from aiagency.csv_cells import csv_writer
from aiagency.logging import bind_log_context
from aiagency.renderers import ErrorOnlyRenderer, JSONRenderer
from aiagency.schema import ErrorSerializer
from analytics import metrics
from analytics.selectors import quality, reports, versions
from analytics.serializers import (
    PeriodQuerySerializer,
    ProvidersSerializer,
    QualityQuerySerializer,
    QualitySerializer,
    SummarySerializer,
    TimeseriesQuerySerializer,
    TimeseriesSerializer,
    TopTemplatesQuerySerializer,
    TopTemplatesSerializer,
    UsageReportQuerySerializer,
    VersionsQuerySerializer,
    VersionsSerializer,
)
from templates_app.models import Template


class CSVRenderer(ErrorOnlyRenderer):
    """For the report endpoints: an error raised before the file is written is JSON text."""

    media_type = "text/csv"
    format = "csv"

    def error_text(self, data: Any) -> str:
        return json.dumps(data)


class AnalyticsView(APIView):
    """Any member of the workspace, viewers included, may read its analytics; another workspace is
    not found (404), as everywhere in the API."""

    query_serializer: type[PeriodQuerySerializer] = PeriodQuerySerializer

    def query(self, request: Request) -> dict[str, Any]:
        serializer = self.query_serializer(
            data=request.query_params, context={"default_tz": signed_in_user(request).time_zone}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if caller_role(request, data["workspace"]) is None:
            raise NotFound()
        bind_log_context(workspace_id=data["workspace"])
        return data

    @staticmethod
    def echo(data: dict[str, Any]) -> dict[str, Any]:
        period = data["period"]
        return {
            "workspace": data["workspace"],
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "tz": period.tz.key,
        }


class SummaryView(AnalyticsView):
    """Totals of the period: volume, success and cache rates, tokens, cost, p50/p95 latency,
    average rating."""

    @extend_schema(parameters=[PeriodQuerySerializer], responses=SummarySerializer)
    def get(self, request: Request) -> Response:
        data = self.query(request)
        summary = reports.analytics_summary(workspace_id=data["workspace"], period=data["period"])
        return Response({**self.echo(data), **summary})


class TimeseriesView(AnalyticsView):
    """A metric per day or hour, for everything or per group; every bucket has a point."""

    query_serializer = TimeseriesQuerySerializer

    @extend_schema(parameters=[TimeseriesQuerySerializer], responses=TimeseriesSerializer)
    def get(self, request: Request) -> Response:
        data = self.query(request)
        series = reports.analytics_timeseries(
            workspace_id=data["workspace"],
            period=data["period"],
            metric=data["metric"],
            interval=data["interval"],
            group_by=data.get("group_by"),
        )
        return Response({**self.echo(data), **series})


class TopTemplatesView(AnalyticsView):
    """The templates with the most generations (or cost) in the period, with their figures."""

    query_serializer = TopTemplatesQuerySerializer

    @extend_schema(parameters=[TopTemplatesQuerySerializer], responses=TopTemplatesSerializer)
    def get(self, request: Request) -> Response:
        data = self.query(request)
        rows = reports.analytics_top_templates(
            workspace_id=data["workspace"],
            period=data["period"],
            order_by=data["order_by"],
            limit=data["limit"],
        )
        return Response({**self.echo(data), "results": rows})


class QualityView(AnalyticsView):
    """Content quality per template version and per project, over the items created in the
    period: created, approved, published, approval rate, median and p90 `edit_ratio`, median
    time to approval, mean rating, cost per approved item; `?template=` narrows it to one
    template's items (its page)."""

    query_serializer = QualityQuerySerializer

    @extend_schema(parameters=[QualityQuerySerializer], responses=QualitySerializer)
    def get(self, request: Request) -> Response:
        data = self.query(request)
        groups = quality.content_quality(
            workspace_id=data["workspace"], period=data["period"], template_id=data.get("template")
        )
        return Response({**self.echo(data), **groups})


class VersionsView(APIView):
    """A template's figures per version, newest first, and per label and canary arm within each:
    generations, success rate, latency p50/p95, cost, mean rating, the best and latest
    evaluation pass rate, and the approval rate and median `edit_ratio` of the content made from
    them; all time. Any member of the template's workspace; another's template is a 404."""

    @extend_schema(
        parameters=[VersionsQuerySerializer],
        responses={
            200: VersionsSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such template here."),
        },
    )
    def get(self, request: Request) -> Response:
        query = VersionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        template = Template.objects.filter(
            pk=query.validated_data["template"], workspace_id__in=list(workspace_roles(request))
        ).first()
        if template is None:
            raise NotFound()
        bind_log_context(workspace_id=template.workspace_id)
        rows = versions.version_analytics(template=template)
        return Response(
            {"workspace": template.workspace_id, "template": template.pk, "versions": rows}
        )


class ProvidersView(AnalyticsView):
    """Per provider, and per model within it: volume, error rate, latency, cost, fallbacks."""

    @extend_schema(parameters=[PeriodQuerySerializer], responses=ProvidersSerializer)
    def get(self, request: Request) -> Response:
        data = self.query(request)
        rows = reports.analytics_providers(workspace_id=data["workspace"], period=data["period"])
        return Response({**self.echo(data), "results": rows})


def csv_response(columns: list[str], rows: list[list[Any]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UsageReportView(AnalyticsView):
    """Usage per day (or hour) and optional group, as CSV; buckets without generations are left
    out."""

    query_serializer = UsageReportQuerySerializer
    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[UsageReportQuerySerializer], responses={(200, "text/csv"): OpenApiTypes.STR}
    )
    def get(self, request: Request) -> HttpResponse:
        data = self.query(request)
        period = data["period"]
        rows = reports.analytics_usage_rows(
            workspace_id=data["workspace"],
            period=period,
            interval=data["interval"],
            group_by=data.get("group_by"),
        )
        name = f"usage-{data['workspace']}-{period.start}-{period.end}.csv"
        return csv_response(reports.USAGE_COLUMNS, rows, name)


class CostReportView(AnalyticsView):
    """Cost per template and user over the period, as CSV, most expensive first."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[PeriodQuerySerializer], responses={(200, "text/csv"): OpenApiTypes.STR}
    )
    def get(self, request: Request) -> HttpResponse:
        data = self.query(request)
        period = data["period"]
        rows = reports.analytics_cost_rows(workspace_id=data["workspace"], period=period)
        name = f"cost-{data['workspace']}-{period.start}-{period.end}.csv"
        return csv_response(reports.COST_COLUMNS, rows, name)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition: every process's metrics in multiprocess mode, this one's otherwise.
    Only for a caller with the bearer token or from an allowed address (`analytics.metrics`)."""
    if not metrics.scrape_allowed(request):
        return HttpResponse(
            "Metrics need METRICS_TOKEN or an address in METRICS_ALLOWED_IPS.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
