FROM debian:bookworm-slim
RUN groupadd -r svc --gid=999 && useradd -r -g svc --uid=999 svc
RUN set -x \
	&& apt-get update && apt-get install -y --no-install-recommends ca-certificates wget && rm -rf /var/lib/apt/lists/* \
	&& wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64" \
	&& chmod +x /usr/local/bin/gosu \
	&& gosu nobody true
COPY docker-entrypoint.sh /
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["svc-server"]
