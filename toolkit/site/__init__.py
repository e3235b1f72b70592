"""The citizen website: item, bundle, life-cycle, venue and dashboard pages, flowcharts, QR codes, printable
QR lists, the QR ledger and the mkdocs-material configuration. One module per output; `toolkit.build`
runs them in order."""
