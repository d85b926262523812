#!/bin/sh
# One-shot set-up of the logging stack (compose service `elk-setup`, Kubernetes Job `elk-setup`):
# Kibana's and Filebeat's users, the index template of the app's log fields, then Kibana's data
# view and dashboard. Every step is idempotent: it runs again on each start.
# Needs ELASTIC_PASSWORD, KIBANA_PASSWORD and FILEBEAT_PASSWORD; reads its files from $ELK_DIR.
set -eu

ES="${ELASTICSEARCH_URL:-http://elasticsearch:9200}"
KIBANA="${KIBANA_URL:-http://kibana:5601}"
DIR="${ELK_DIR:-/elk}"

# -f: an HTTP error fails the step (and the container, so that it is seen) rather than passing.
es() {
  method="$1"; path="$2"; shift 2
  curl -fsS -u "elastic:${ELASTIC_PASSWORD}" -H "Content-Type: application/json" \
    -X "$method" "$ES$path" "$@"
  echo
}

wait_for() {
  echo "elk-setup: waiting for $1"
  until curl -fsS -o /dev/null -u "elastic:${ELASTIC_PASSWORD}" "$2"; do sleep 5; done
}

wait_for Elasticsearch "$ES/_cluster/health?wait_for_status=yellow&timeout=5s"

echo "elk-setup: the kibana_system password"
es POST /_security/user/kibana_system/_password -d "{\"password\": \"${KIBANA_PASSWORD}\"}"

echo "elk-setup: Filebeat's user, allowed to write the app's data stream only"
es PUT /_security/role/aiagency_filebeat -d '{
  "cluster": ["monitor"],
  "indices": [{"names": ["logs-aiagency-*"], "privileges": ["create_doc", "auto_configure", "view_index_metadata"]}]
}'
es PUT /_security/user/aiagency_filebeat \
  -d "{\"password\": \"${FILEBEAT_PASSWORD}\", \"roles\": [\"aiagency_filebeat\"]}"

echo "elk-setup: the index template of the app's log fields"
es PUT /_index_template/aiagency-logs --data-binary "@$DIR/index-template.json"

wait_for Kibana "$KIBANA/api/status"
echo "elk-setup: Kibana's data view and dashboard"
result=$(curl -fsS -u "elastic:${ELASTIC_PASSWORD}" -H "kbn-xsrf: elk-setup" \
  -X POST "$KIBANA/api/saved_objects/_import?overwrite=true" \
  --form "file=@$DIR/kibana-saved-objects.ndjson")
echo "$result"
# Kibana answers 200 even when objects were refused: its verdict is in the body.
case "$result" in
  *'"success":true'*) ;;
  *) echo "elk-setup: Kibana refused the saved objects" >&2; exit 1 ;;
esac
echo "elk-setup: done"
