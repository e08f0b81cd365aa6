module github.com/exago/exago

go 1.26.8
