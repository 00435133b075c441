FROM python:3.6-onbuild
