import logging

logger = logging.getLogger(__name__)

def start():
    logger.info("Running in standalone mode (consciousness integration disabled)")
    logger.warning("Running in standalone mode (consciousness systems not available)")
    logger.info("Starting")
    logger.info("Starting")
